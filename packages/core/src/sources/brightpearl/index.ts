import { contentHash } from '../../crypto/content-hash.js';
import { PimConfigurationError, PimWebhookError } from '../../errors.js';
import type { PimEvent } from '../../events.js';
import type { IncomingDelivery, PimHttpMethod, PimSource } from '../../source.js';
import { brightpearlAnswer } from './answer.js';
import {
  type BrightpearlEventName,
  type BrightpearlLifecycle,
  brightpearlTopics,
  isBrightpearlEventName,
  isEventNameShape,
} from './events.js';
import { type BrightpearlFieldMapping, readBrightpearlFields, resolveMapping } from './fields.js';
import { type BrightpearlIdRange, expandIdSet, readIdSet } from './id-set.js';
import { brightpearlKeys, verifyBrightpearlKey } from './key.js';

export {
  BRIGHTPEARL_EVENT_NAMES,
  BRIGHTPEARL_RESOURCE_TYPES,
  type BrightpearlEventName,
  type BrightpearlEventShape,
  type BrightpearlLifecycle,
  type BrightpearlResourceType,
  brightpearlTopics,
} from './events.js';
export { BRIGHTPEARL_FIELDS, type BrightpearlField, type BrightpearlFieldMapping } from './fields.js';
export type { BrightpearlIdRange, BrightpearlIdSet } from './id-set.js';
export { BRIGHTPEARL_MIN_KEY_LENGTH } from './key.js';

/** The methods Brightpearl can call a webhook with. */
export type BrightpearlHttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

type NameParts<N extends string> = N extends `${infer R}.${infer L}.${infer S}`
  ? { readonly resourceType: R; readonly lifecycleEvent: L; readonly resourceSpecifier: S }
  : N extends `${infer R}.${infer L}`
    ? { readonly resourceType: R; readonly lifecycleEvent: L; readonly resourceSpecifier: undefined }
    : {
        readonly resourceType: string;
        readonly lifecycleEvent: BrightpearlLifecycle | (string & {});
        readonly resourceSpecifier: string | undefined;
      };

/**
 * What a Brightpearl event carries, read from the template fields: the event name and its parts
 * (lowercase), the raw id set and its ranges, and every field received, by the template's names.
 */
export type BrightpearlEventData<N extends string = string> = NameParts<N> & {
  /** `{resource-type}.{lifecycle}[.{specifier}]`, lowercase. */
  readonly fullEvent: N;
  readonly accountCode: string | undefined;
  /** The resource id set as sent (`1-5,99,202`); the expanded ids are the event's `entityIds`. */
  readonly id: string | undefined;
  /** The id set's ranges, unexpanded. */
  readonly idRanges: readonly BrightpearlIdRange[];
  /** When Brightpearl raised the event (ISO 8601), as sent; parsed into `occurredAt`. */
  readonly raisedOn: string | undefined;
  readonly brightpearlVersion: string | undefined;
  /** Every field of the delivery (body and query, the key left out), by the template's names. */
  readonly fields: Readonly<Record<string, string>>;
};

/** Every Brightpearl event typed by name, with its topic and typed data. */
export type BrightpearlEventMap = {
  [N in BrightpearlEventName]: { topic: (typeof brightpearlTopics)[N]; data: BrightpearlEventData<N> };
};

export interface BrightpearlOptions {
  /**
   * The random key in your webhook's `uriTemplate` (at least 16 characters). Pass several during
   * a rotation. Brightpearl signs nothing: this key is what authenticates a delivery.
   */
  key: string | readonly string[];
  /**
   * Read the key from this query parameter (`...?key=<key>`) instead of the first path segment
   * after the mount path (`/webhooks/brightpearl/<key>`, the default).
   */
  keyQueryParameter?: string;
  /** Methods your webhooks use. Default all four: GET, POST, PUT, DELETE. Others are answered 405. */
  methods?: readonly BrightpearlHttpMethod[];
  /** The names your templates give the fields, where they differ from the documented body template's. */
  mapping?: BrightpearlFieldMapping;
  /**
   * Most ids one id set may cover. A larger set (say `1-999999999`) is refused with 400 without ever
   * being expanded. Default 10 000.
   */
  maxIdSetSize?: number;
  /** Acknowledge after this many milliseconds even if handlers still run. Default: wait for handlers. */
  ackDeadlineMs?: number;
  /** `Retry-After` seconds on 503 answers. Default 60. */
  retryAfterSeconds?: number;
}

const SOURCE = 'brightpearl';
const ALL_METHODS: readonly BrightpearlHttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

function checkedMethods(methods: readonly BrightpearlHttpMethod[] | undefined): PimHttpMethod[] {
  if (methods === undefined) return [...ALL_METHODS];
  const list = [...new Set(methods)];
  if (list.length === 0 || !list.every((m) => (ALL_METHODS as readonly string[]).includes(m))) {
    throw new PimConfigurationError('brightpearl: `methods` lists some of GET, POST, PUT and DELETE.');
  }
  return list;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value > 0)) {
    throw new PimConfigurationError(`brightpearl: \`${name}\` must be a positive whole number.`);
  }
  return value;
}

function refuse(message: string): PimWebhookError {
  return new PimWebhookError('invalid_event', message, { source: SOURCE });
}

/**
 * An id for the event that is the same on every retry and differs between events: the method, the
 * path and query (the key left out) and the body. GET and DELETE deliveries have an empty body, so
 * the query (where their template puts the fields) is what tells them apart.
 */
function eventId(delivery: IncomingDelivery, keyParameter: string | undefined): string {
  const segments = keyParameter === undefined ? delivery.pathSegments.slice(1) : delivery.pathSegments;
  const query = new URLSearchParams(delivery.query);
  if (keyParameter !== undefined) query.delete(keyParameter);
  const head = Buffer.from(`${delivery.method}\n${segments.join('/')}\n${query.toString()}\n`, 'utf8');
  return contentHash(Buffer.concat([head, delivery.body]));
}

function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The Brightpearl source: authenticates by the random key in the webhook URL (constant time),
 * reads the template's fields from the body (JSON or form) or the query string through a
 * configurable mapping, expands id sets into entity ids within a bound, and answers every
 * retryable problem 503, the one status both of Brightpearl's QoS levels retry.
 */
export function brightpearl(options: BrightpearlOptions): PimSource<'brightpearl'> {
  if (options === null || typeof options !== 'object') {
    throw new PimConfigurationError('brightpearl: pass options, at least `key`.');
  }
  const keys = brightpearlKeys(options.key);
  const keyParameter = options.keyQueryParameter;
  if (keyParameter !== undefined && (typeof keyParameter !== 'string' || keyParameter === '')) {
    throw new PimConfigurationError('brightpearl: `keyQueryParameter` must be a non-empty parameter name.');
  }
  const mapping = resolveMapping(options.mapping);
  if (keyParameter !== undefined && Object.values(mapping).includes(keyParameter)) {
    throw new PimConfigurationError(
      `brightpearl: "${keyParameter}" is both the key's query parameter and a mapped field.`,
    );
  }
  const methods = checkedMethods(options.methods);
  const maxIdSetSize = positiveInteger('maxIdSetSize', options.maxIdSetSize, 10_000);
  const retryAfterSeconds = positiveInteger('retryAfterSeconds', options.retryAfterSeconds, 60);
  const { ackDeadlineMs } = options;
  if (ackDeadlineMs !== undefined && !(ackDeadlineMs > 0 && Number.isFinite(ackDeadlineMs))) {
    throw new PimConfigurationError(
      'brightpearl: `ackDeadlineMs` must be a positive number of milliseconds.',
    );
  }

  return {
    name: SOURCE,
    methods,
    ackDeadlineMs,
    verify: (delivery) => verifyBrightpearlKey(delivery, keys, keyParameter),
    decode: (delivery) => readBrightpearlFields(delivery, keyParameter),
    toEvents(decoded, delivery): PimEvent[] {
      const fields = decoded as Readonly<Record<string, string>>;
      const field = (name: keyof typeof mapping): string | undefined => {
        const value = fields[mapping[name]]?.trim();
        return value === undefined || value === '' ? undefined : value;
      };
      const parts = [field('resourceType'), field('lifecycleEvent'), field('resourceSpecifier')];
      const name = (
        field('fullEvent') ??
        (parts[0] !== undefined && parts[1] !== undefined
          ? parts.filter((p) => p !== undefined).join('.')
          : '')
      ).toLowerCase();
      if (name === '') {
        throw refuse(
          `The delivery names no event: its template needs "${mapping.fullEvent}", or "${mapping.resourceType}" and "${mapping.lifecycleEvent}".`,
        );
      }
      if (!isEventNameShape(name)) {
        throw refuse('The event name is not of the form resource-type.lifecycle[.specifier].');
      }
      const [resourceType, lifecycleEvent, ...specifier] = name.split('.') as [string, string, ...string[]];
      const idText = field('id');
      const idSet = idText === undefined ? { ranges: [], size: 0 } : readIdSet(idText, maxIdSetSize);
      const raisedOn = field('raisedOn');
      const data: BrightpearlEventData = {
        fullEvent: name,
        resourceType,
        lifecycleEvent,
        resourceSpecifier: specifier.length === 0 ? undefined : specifier.join('.'),
        accountCode: field('accountCode'),
        id: idText,
        idRanges: idSet.ranges,
        raisedOn,
        brightpearlVersion: field('brightpearlVersion'),
        fields,
      };
      const id = eventId(delivery, keyParameter);
      return [
        {
          id,
          source: SOURCE,
          type: name,
          occurredAt: parseDate(raisedOn),
          raw: fields,
          delivery: { id, receivedAt: delivery.receivedAt, index: 0, count: 1 },
          topic: isBrightpearlEventName(name) ? brightpearlTopics[name] : undefined,
          entityIds: expandIdSet(idSet),
          changes: [],
          data,
        },
      ];
    },
    answer: (outcome) => brightpearlAnswer(outcome, retryAfterSeconds),
  };
}
