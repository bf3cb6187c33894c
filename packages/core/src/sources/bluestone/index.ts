import { HmacKey } from '../../crypto/hmac-key.js';
import { PimConfigurationError, PimWebhookError } from '../../errors.js';
import type { PimEvent } from '../../events.js';
import { defaultAnswer } from '../../receiver/answers.js';
import { parseJsonBody } from '../../request/json.js';
import { INVALID } from '../../schema/index.js';
import type { IncomingDelivery, PimSource } from '../../source.js';
import type { PimTopic } from '../../topics.js';
import { invalidEvent, stringList } from '../shared/schema-errors.js';
import { readBluestoneEnvelope } from './envelope.js';
import { bluestoneChanges, bluestoneTopics } from './normalize.js';
import {
  type BluestoneEventData,
  type BluestoneEventType,
  bluestoneEventSchema,
  bluestoneSchemas,
} from './schemas.js';
import { verifyBluestoneSignature } from './signature.js';

export { bluestoneTopics } from './normalize.js';
export type { BluestoneChangeKind, BluestoneEventData, BluestoneEventType } from './schemas.js';
export { bluestoneSchemas } from './schemas.js';
export { BLUESTONE_SIGNATURE_HEADER } from './signature.js';

/** Every documented Bluestone event type, with its topic and typed data. */
export type BluestoneEventMap = {
  [T in BluestoneEventType]: { topic: (typeof bluestoneTopics)[T]; data: BluestoneEventData<T> };
};

/** Bluestone's documented event types, in the order of its documentation. */
export const BLUESTONE_EVENT_TYPES = Object.keys(bluestoneSchemas) as BluestoneEventType[];

export interface BluestoneOptions {
  /**
   * The webhook's secret ("password") as configured in Bluestone. Pass several during a rotation:
   * a delivery signed with any of them is accepted.
   */
  secret: string | readonly string[];
  /**
   * Refuse deliveries whose signed body `timestamp` is further than this many milliseconds from now
   * (in either direction), to bound replays of captured deliveries. Off by default. Bluestone retries
   * failed deliveries for 20 minutes and more, and sends the original timestamp: keep this well above
   * an hour if you set it.
   */
  maxAgeMs?: number;
  /** `Retry-After` seconds on 503 answers (Bluestone retries only 503/429 that carry one). Default 60. */
  retryAfterSeconds?: number;
  /** Acknowledge after this many milliseconds even if handlers still run. Default: wait for handlers. */
  ackDeadlineMs?: number;
}

function secretsOf(secret: BluestoneOptions['secret']): HmacKey[] {
  const list = typeof secret === 'string' ? [secret] : [...secret];
  if (list.length === 0 || list.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new PimConfigurationError(
      'bluestone: `secret` must be a non-empty string or a list of non-empty strings.',
    );
  }
  // Prepared once: each delivery's HMAC is then two one-shot hashes.
  return list.map((s) => new HmacKey('sha256', s));
}

/** What pimhooks knows of each documented type, found with one Map lookup per event. */
interface KnownType {
  readonly topic: PimTopic;
  readonly changes: (data: unknown) => PimEvent['changes'];
}

const KNOWN_TYPES: ReadonlyMap<string, KnownType> = new Map(
  BLUESTONE_EVENT_TYPES.map((type) => [
    type,
    {
      topic: bluestoneTopics[type],
      changes: bluestoneChanges[type] as (data: unknown) => PimEvent['changes'],
    },
  ]),
);

/**
 * The Bluestone PIM source: verifies `x-bs-signature`, splits a delivery's `events` batch into one
 * event each, validates the 25 documented types, and answers a handler failure with 503 +
 * `Retry-After` (the only failure answer Bluestone retries after a delay).
 */
export function bluestone(options: BluestoneOptions): PimSource<'bluestone'> {
  const secrets = secretsOf(options.secret);
  const { maxAgeMs, ackDeadlineMs } = options;
  if (maxAgeMs !== undefined && !(maxAgeMs > 0)) {
    throw new PimConfigurationError('bluestone: `maxAgeMs` must be a positive number of milliseconds.');
  }
  if (ackDeadlineMs !== undefined && !(ackDeadlineMs > 0 && Number.isFinite(ackDeadlineMs))) {
    throw new PimConfigurationError('bluestone: `ackDeadlineMs` must be a positive number of milliseconds.');
  }
  const retryAfterSeconds = options.retryAfterSeconds ?? 60;
  // Bluestone retries only when Retry-After is usable: a malformed value would silently drop every retry.
  if (!(Number.isSafeInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
    throw new PimConfigurationError(
      'bluestone: `retryAfterSeconds` must be a whole number of seconds (0 or more).',
    );
  }
  const answerOptions = { failureStatus: 503, retryAfterSeconds };

  function checkAge(timestamp: number | undefined, delivery: IncomingDelivery): void {
    if (maxAgeMs === undefined) return;
    const age = delivery.receivedAt.getTime() - (timestamp ?? Number.NaN);
    if (!(Math.abs(age) <= maxAgeMs)) {
      throw new PimWebhookError(
        'timestamp_out_of_range',
        timestamp === undefined
          ? 'The delivery has no timestamp, and maxAgeMs requires one.'
          : `The delivery timestamp is ${Math.round(age / 1000)} s from now, beyond maxAgeMs.`,
        { source: 'bluestone' },
      );
    }
  }

  return {
    name: 'bluestone',
    methods: ['POST'],
    ackDeadlineMs,
    verify: (delivery) => verifyBluestoneSignature(delivery, secrets),
    decode: (delivery) => parseJsonBody(delivery.body, 'bluestone'),
    toEvents(decoded, delivery) {
      const envelope = readBluestoneEnvelope(decoded);
      checkAge(envelope.timestamp, delivery);
      const occurredAt = envelope.timestamp === undefined ? undefined : new Date(envelope.timestamp);
      const count = envelope.events.length;
      const deliveryId = delivery.id;
      const { receivedAt } = delivery;
      return envelope.events.map((item, index): PimEvent => {
        const type = item.changes.eventType;
        const id = `${deliveryId}.${index}`;
        const info = { id: deliveryId, receivedAt, index, count };
        // Both branches build one literal with the same keys in the same order (no spreads): a
        // single object shape keeps event creation and every later property read fast.
        const known = KNOWN_TYPES.get(type);
        if (known === undefined) {
          const { changes } = item;
          return {
            id,
            source: 'bluestone',
            type,
            occurredAt,
            raw: item,
            delivery: info,
            topic: undefined,
            entityIds: stringList(changes.entityIds),
            changes: [],
            data: changes,
          };
        }
        const data = bluestoneEventSchema.check(item.changes);
        if (data === INVALID) {
          // Checked again only to say where and why: the fast check keeps no such record.
          throw invalidEvent(
            'bluestone',
            type,
            `events[${index}]`,
            bluestoneEventSchema.explain(item.changes),
          );
        }
        return {
          id,
          source: 'bluestone',
          type,
          occurredAt,
          raw: item,
          delivery: info,
          topic: known.topic,
          entityIds: data.entityIds,
          changes: known.changes(data),
          data,
        };
      });
    },
    answer: (outcome) => defaultAnswer(outcome, answerOptions),
  };
}
