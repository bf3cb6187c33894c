import {
  AKENEO_EVENT_TYPES,
  BLUESTONE_EVENT_TYPES,
  BRIGHTPEARL_EVENT_NAMES,
  QUABLE_EVENT_CODES,
} from '@pimhooks/core';
import { akeneoExampleEvent, signAkeneo } from '../akeneo.js';
import { bizzkitToken, signBizzkit, tamperToken } from '../bizzkit.js';
import { bluestoneBatch, signBluestone, tamperBody } from '../bluestone.js';
import { brightpearlDelivery } from '../brightpearl.js';
import type { TestDelivery } from '../delivery.js';
import { quableDelivery } from '../quable.js';

/** How `pimhooks send` varies a delivery. */
export interface BuildOptions {
  readonly secret: string;
  /** Events in one delivery (Bluestone batches; other vendors send one event per request). */
  readonly batch: number;
  /** Break the signature or token, so the receiver must refuse the delivery. */
  readonly tamper: boolean;
  /** A token or timestamp that has expired. */
  readonly expired: boolean;
  /** Brightpearl's HTTP method. */
  readonly method?: string | undefined;
}

/** What the CLI knows of one source. */
export interface CliSource {
  /** The documented event names, listed in help and errors. */
  readonly events: readonly string[];
  /** Whether event names outside `events` are allowed (Bizzkit's names are open-ended). */
  readonly openEvents: boolean;
  build(event: string, options: BuildOptions): TestDelivery;
  /** The headers that authenticate `body` (for `pimhooks sign`). */
  sign(body: string, secret: string): Record<string, string>;
}

function refuse(what: string): never {
  throw new Error(what);
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const CLI_SOURCES: Readonly<Record<string, CliSource>> = {
  bluestone: {
    events: BLUESTONE_EVENT_TYPES,
    openEvents: false,
    build(event, { secret, batch, tamper, expired }) {
      const delivery = bluestoneBatch(Array(batch).fill(event), secret, {
        timestamp: Date.now() - (expired ? DAY_MS : 0),
      });
      return tamper ? tamperBody(delivery) : delivery;
    },
    sign: (body, secret) => authHeaders(signBluestone(body, secret)),
  },
  bizzkit: {
    events: ['BrandViewsCreated', 'ProductCatalogueItemCreated'],
    openEvents: true,
    build(event, { secret, batch, tamper, expired }) {
      if (batch !== 1) refuse('Bizzkit sends one event per request: --batch does not apply.');
      const token = bizzkitToken({ secret, expiresIn: expired ? -3600 : 300 });
      return signBizzkit(event, { id: `cli-${Date.now()}` }, secret, {
        token: tamper ? tamperToken(token) : token,
      });
    },
    sign: (_body, secret) => ({ authorization: `Bearer ${bizzkitToken({ secret })}` }),
  },
  quable: {
    events: QUABLE_EVENT_CODES,
    openEvents: false,
    build(event, { secret, batch, tamper, expired }) {
      if (batch !== 1) refuse('Quable sends one event per request: --batch does not apply.');
      if (expired) refuse('Quable tokens do not expire: --expired does not apply.');
      return quableDelivery(event, {
        token: tamper ? `${secret}-tampered` : secret,
        uuid: crypto.randomUUID(),
      });
    },
    sign: (_body, secret) => ({ authorization: secret }),
  },
  brightpearl: {
    events: BRIGHTPEARL_EVENT_NAMES,
    openEvents: false,
    build(event, { secret, batch, tamper, expired, method }) {
      if (expired) refuse('Brightpearl keys do not expire: --expired does not apply.');
      const ids = batch === 1 ? String(Date.now() % 100_000) : `1-${batch}`;
      const verb = (method ?? 'POST').toUpperCase();
      if (!['GET', 'POST', 'PUT', 'DELETE'].includes(verb))
        refuse(`Brightpearl uses GET, POST, PUT or DELETE, not ${verb}.`);
      return brightpearlDelivery({
        key: tamper ? `${secret}-tampered` : secret,
        event,
        ids,
        method: verb as 'GET' | 'POST' | 'PUT' | 'DELETE',
      });
    },
    sign: () => ({}),
  },
  akeneo: {
    events: AKENEO_EVENT_TYPES,
    openEvents: false,
    build(event, { secret, batch, tamper, expired }) {
      if (batch !== 1) refuse('Akeneo sends one event per request: --batch does not apply.');
      if (expired) refuse('Akeneo signatures do not expire: --expired does not apply.');
      const delivery = signAkeneo(akeneoExampleEvent(event), secret);
      return tamper ? tamperBody(delivery) : delivery;
    },
    sign: (body, secret) => authHeaders(signAkeneo(body, secret)),
  },
};

/** Authentication headers only: `pimhooks sign` prints what to add to a request. */
function authHeaders(delivery: TestDelivery): Record<string, string> {
  return Object.fromEntries(Object.entries(delivery.headers).filter(([name]) => name !== 'content-type'));
}

/** The source named `name`, or an error listing the sources there are. */
export function cliSource(name: string | undefined): CliSource {
  const source = name === undefined ? undefined : CLI_SOURCES[name];
  if (source === undefined) {
    throw new Error(
      `${name === undefined ? 'No source given' : `Unknown source "${name}"`}. Sources: ${Object.keys(CLI_SOURCES).join(', ')}.`,
    );
  }
  return source;
}

/** Check an event name against a source's documented ones. */
export function checkEvent(sourceName: string, source: CliSource, event: string | undefined): string {
  if (event !== undefined && (source.openEvents || source.events.includes(event))) return event;
  throw new Error(
    `${event === undefined ? 'No event given' : `Unknown ${sourceName} event "${event}"`}. ${sourceName} events: ${source.events.join(', ')}${source.openEvents ? ' (and any other Bizzkit event name)' : ''}.`,
  );
}
