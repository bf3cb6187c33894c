import { createHmac, randomUUID } from 'node:crypto';
import type { TestDelivery } from './delivery.js';
import { akeneoExamples } from './fixtures/akeneo.js';

/** A CloudEvents 1.0 event as the Akeneo Event Platform posts it. */
export interface AkeneoTestEvent {
  specversion: string;
  id: string;
  type: string;
  source: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  dataschema?: string;
  data?: unknown;
  [extension: string]: unknown;
}

/**
 * A CloudEvent of `type` carrying `data`, with a fresh `id` and the current `time` (so two calls
 * are two distinct events). Override any attribute with `overrides`.
 */
export function akeneoEvent(
  type: string,
  data: unknown,
  overrides: Partial<AkeneoTestEvent> = {},
): AkeneoTestEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    type,
    source: 'pim',
    subject: '019256aa-7f77-7f58-bc8c-770f7e369c5b',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    datacontenttype: 'application/json',
    dataschema: `https://event.prd.sdk.akeneo.cloud/spec/${type}.schema.json`,
    data,
    ...overrides,
  };
}

/** The documented example of a known type, as a fresh CloudEvent. */
export function akeneoExampleEvent(type: string, overrides: Partial<AkeneoTestEvent> = {}): AkeneoTestEvent {
  const example = akeneoExamples.find((e) => e.type === type);
  if (example === undefined) {
    throw new Error(`No documented Akeneo example for "${type}".`);
  }
  return akeneoEvent(type, structuredClone(example.data), overrides);
}

/** The hex HMAC-SHA256 of a body under a secret: what Akeneo puts in its signature headers. */
export function akeneoSignature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** How `signAkeneo` signs a delivery. */
export interface AkeneoSignOptions {
  /** The `X-AKENEO-SIGNATURE-ALGORITHM` value; `false` leaves the header out. Default `HmacSHA256`. */
  algorithm?: string | false;
  /** Send only this signature header. Default: primary, and secondary when a second secret is given. */
  only?: 'primary' | 'secondary';
}

/**
 * A signed Akeneo delivery of one event (an object is serialized as JSON): the primary signature
 * under the first secret and, with `[primary, secondary]`, the secondary under the second.
 */
export function signAkeneo(
  event: string | AkeneoTestEvent,
  secret: string | readonly [string] | readonly [string, string],
  options: AkeneoSignOptions = {},
): TestDelivery {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const [primary, secondary] = typeof secret === 'string' ? [secret, undefined] : secret;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.only !== 'secondary') headers['x-akeneo-signature-primary'] = akeneoSignature(body, primary);
  if (options.only !== 'primary' && (secondary !== undefined || options.only === 'secondary')) {
    headers['x-akeneo-signature-secondary'] = akeneoSignature(body, secondary ?? primary);
  }
  if (options.algorithm !== false)
    headers['x-akeneo-signature-algorithm'] = options.algorithm ?? 'HmacSHA256';
  return { source: 'akeneo', method: 'POST', pathSegments: [], headers, body };
}

/** The `HEAD` request Akeneo sends to check a subscription URL: no body, no signature. */
export function akeneoSubscriptionCheck(): TestDelivery {
  return { source: 'akeneo', method: 'HEAD', pathSegments: [], headers: {}, body: '' };
}
