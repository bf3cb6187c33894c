import { akeneoExampleEvent, akeneoSubscriptionCheck, signAkeneo } from './akeneo.js';
import { bizzkitToken, signBizzkit } from './bizzkit.js';
import { bluestoneBatch } from './bluestone.js';
import { brightpearlDelivery } from './brightpearl.js';
import type { TestDelivery } from './delivery.js';
import { quableDelivery } from './quable.js';

/** One secret per vendor, as an example app reads them from its environment. */
export interface VendorSecrets {
  readonly bluestone: string;
  /** At least 32 characters. */
  readonly bizzkit: string;
  readonly quable: string;
  /** At least 16 characters. */
  readonly brightpearl: string;
  readonly akeneo: string;
}

/** Secrets that satisfy every vendor's rules, for tests and demos. */
export const TEST_VENDOR_SECRETS: VendorSecrets = {
  bluestone: 'bluestone-test-secret',
  bizzkit: 'bizzkit-test-secret-of-at-least-32-chars',
  quable: 'quable-test-token',
  brightpearl: 'brightpearl-test-key-0123456789',
  akeneo: 'akeneo-test-secret',
};

/** The environment variables of the example-app contract (ARCHITECTURE.md) for these secrets. */
export function vendorEnv(secrets: VendorSecrets = TEST_VENDOR_SECRETS): Record<string, string> {
  return {
    BLUESTONE_SECRET: secrets.bluestone,
    BIZZKIT_SECRET: secrets.bizzkit,
    QUABLE_TOKEN: secrets.quable,
    BRIGHTPEARL_KEY: secrets.brightpearl,
    AKENEO_SECRET: secrets.akeneo,
  };
}

/** A delivery with the answer and the number of handled events the contract expects. */
export interface ExpectedExchange {
  readonly label: string;
  readonly delivery: TestDelivery;
  readonly status: number;
  /** Events the app must handle (one JSON line each). */
  readonly events: number;
  /** The `source` of those events. */
  readonly source: string;
}

/**
 * One genuine delivery per vendor and route of the example-app contract (Bluestone batch, Bizzkit with
 * the event name in the path, Quable, Brightpearl by POST and by GET, Akeneo and its HEAD check), plus
 * a forgery per vendor. `seed` makes the deliveries distinct from those of another call.
 */
export function vendorExchanges(
  secrets: VendorSecrets = TEST_VENDOR_SECRETS,
  seed = Date.now(),
): ExpectedExchange[] {
  const wrongToken = bizzkitToken({ secret: 'another-secret-of-at-least-32-characters' });
  return [
    {
      label: 'Bluestone batch',
      delivery: bluestoneBatch(['PRODUCT_CREATED', 'CATEGORY_REMOVED'], secrets.bluestone, {
        timestamp: seed,
      }),
      status: 200,
      events: 2,
      source: 'bluestone',
    },
    {
      label: 'Bizzkit event named in the path',
      delivery: signBizzkit('ProductCatalogueItemCreated', { id: `item-${seed}` }, secrets.bizzkit),
      status: 200,
      events: 1,
      source: 'bizzkit',
    },
    {
      label: 'Quable document.update',
      delivery: quableDelivery('document.update', { token: secrets.quable, uuid: `q-${seed}` }),
      status: 200,
      events: 1,
      source: 'quable',
    },
    {
      label: 'Brightpearl POST',
      delivery: brightpearlDelivery({
        key: secrets.brightpearl,
        ids: `${seed % 1000}`,
        event: 'product.modified',
      }),
      status: 200,
      events: 1,
      source: 'brightpearl',
    },
    {
      label: 'Brightpearl GET',
      delivery: brightpearlDelivery({
        key: secrets.brightpearl,
        method: 'GET',
        ids: `${(seed % 1000) + 1}-${(seed % 1000) + 3}`,
      }),
      status: 200,
      events: 1,
      source: 'brightpearl',
    },
    {
      label: 'Akeneo product.updated',
      delivery: signAkeneo(
        akeneoExampleEvent('com.akeneo.pim.v1.product.updated', { id: `a-${seed}` }),
        secrets.akeneo,
      ),
      status: 200,
      events: 1,
      source: 'akeneo',
    },
    {
      label: 'Akeneo subscription check (HEAD)',
      delivery: akeneoSubscriptionCheck(),
      status: 200,
      events: 0,
      source: 'akeneo',
    },
    {
      label: 'Bizzkit forged token',
      delivery: signBizzkit('ProductCatalogueItemCreated', { id: 'forged' }, secrets.bizzkit, {
        token: wrongToken,
      }),
      status: 401,
      events: 0,
      source: 'bizzkit',
    },
    {
      label: 'Quable wrong token',
      delivery: quableDelivery('document.update', { token: 'not-the-token', uuid: `forged-${seed}` }),
      status: 401,
      events: 0,
      source: 'quable',
    },
    {
      label: 'Brightpearl wrong key',
      delivery: brightpearlDelivery({ key: 'not-the-key-0123456789' }),
      status: 401,
      events: 0,
      source: 'brightpearl',
    },
    {
      label: 'Akeneo wrong signature',
      delivery: signAkeneo(
        akeneoExampleEvent('com.akeneo.pim.v1.product.updated', { id: `f-${seed}` }),
        'wrong',
      ),
      status: 401,
      events: 0,
      source: 'akeneo',
    },
  ];
}
