import { HmacKey } from '../../crypto/hmac-key.js';
import { PimConfigurationError, PimWebhookError } from '../../errors.js';
import type { PimEvent } from '../../events.js';
import { defaultAnswer, jsonAnswer } from '../../receiver/answers.js';
import { parseJsonBody } from '../../request/json.js';
import { formatIssues, type SchemaIssue } from '../../schema/index.js';
import type { DeliveryOutcome, PimResponse, PimSource } from '../../source.js';
import { invalidEvent } from '../shared/schema-errors.js';
import { akeneoChanges, akeneoEntityIds, akeneoTopics, unknownEntityIds } from './normalize.js';
import {
  type AkeneoEventData,
  type AkeneoEventType,
  akeneoCloudEventSchema,
  akeneoSchemas,
} from './schemas.js';
import { verifyAkeneoSignature } from './signature.js';

export { akeneoDeltaChanges, akeneoTopics } from './normalize.js';
export type { AkeneoCloudEvent, AkeneoDeltaChanges, AkeneoEventData, AkeneoEventType } from './schemas.js';
export { akeneoCloudEventSchema, akeneoSchemas } from './schemas.js';
export {
  AKENEO_SIGNATURE_ALGORITHM_HEADER,
  AKENEO_SIGNATURE_PRIMARY_HEADER,
  AKENEO_SIGNATURE_SECONDARY_HEADER,
} from './signature.js';

/** Every documented Akeneo event type, with its topic and typed data. */
export type AkeneoEventMap = {
  [T in AkeneoEventType]: { topic: (typeof akeneoTopics)[T]; data: AkeneoEventData<T> };
};

/** The documented Akeneo Event Platform types (`com.akeneo.pim.v1.*`). */
export const AKENEO_EVENT_TYPES = Object.keys(akeneoSchemas) as AkeneoEventType[];

/** Akeneo waits 5 s for an answer before it schedules a retry. */
const AKENEO_TIMEOUT_MS = 5000;

/** Options of the Akeneo Event Platform source: `akeneo({ secret })`. */
export interface AkeneoOptions {
  /**
   * The subscription's secret (`config.secret.primary`), or `[primary, secondary]`. A delivery is
   * accepted when any of Akeneo's signature headers matches any secret listed here, so a rotation
   * can proceed on either side first.
   */
  secret: string | readonly [string] | readonly [string, string];
  /**
   * Answer 200 after this many milliseconds even if handlers still run (they go on; a later
   * failure is reported to `onError`). Must stay under Akeneo's 5 s. Default 4000.
   */
  ackDeadlineMs?: number;
  /**
   * The answer when a handler failed. Default 500: Akeneo retries it (after 5, 10 and 20 minutes),
   * but repeated 5xx count against the subscription and can get it suspended. 429 is also retried
   * and slows delivery down instead.
   */
  failureStatus?: number;
  /**
   * The answer while a copy of the event is being handled elsewhere or the idempotency store is
   * down: 429 (default; Akeneo slows down and retries) or 503.
   */
  busyStatus?: 429 | 503;
  /** `Retry-After` seconds on 429 and 503 answers. Akeneo ignores it today; it is sent for proxies. Default 60. */
  retryAfterSeconds?: number;
}

function secretsOf(secret: AkeneoOptions['secret']): HmacKey[] {
  const list: unknown[] = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? [...secret] : [];
  if (list.length === 0 || list.length > 2 || list.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new PimConfigurationError(
      'akeneo: `secret` must be the subscription secret, or [primary, secondary], as non-empty strings.',
    );
  }
  return (list as string[]).map((s) => new HmacKey('sha256', s));
}

function checkOptions(options: AkeneoOptions): void {
  const { ackDeadlineMs, failureStatus, busyStatus, retryAfterSeconds } = options;
  if (ackDeadlineMs !== undefined && !(ackDeadlineMs > 0 && ackDeadlineMs < AKENEO_TIMEOUT_MS)) {
    throw new PimConfigurationError(
      'akeneo: `ackDeadlineMs` must be above 0 and under 5000: Akeneo stops waiting after 5 s.',
    );
  }
  if (
    failureStatus !== undefined &&
    !(
      Number.isInteger(failureStatus) &&
      (failureStatus === 429 || (failureStatus >= 500 && failureStatus <= 599))
    )
  ) {
    throw new PimConfigurationError(
      'akeneo: `failureStatus` must be 429 or a 5xx status, which Akeneo retries.',
    );
  }
  if (busyStatus !== undefined && busyStatus !== 429 && busyStatus !== 503) {
    throw new PimConfigurationError('akeneo: `busyStatus` must be 429 or 503.');
  }
  if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
    throw new PimConfigurationError('akeneo: `retryAfterSeconds` must be a whole number of seconds.');
  }
}

function isKnownType(type: string): type is AkeneoEventType {
  return Object.hasOwn(akeneoSchemas, type);
}

function invalidEnvelope(issues: readonly SchemaIssue[]): PimWebhookError {
  const detail = formatIssues(issues);
  return new PimWebhookError('invalid_envelope', `The body is not a CloudEvents 1.0 JSON event: ${detail}`, {
    source: 'akeneo',
  });
}

/**
 * The Akeneo Event Platform source (HTTPS subscriptions): answers the `HEAD` subscription check
 * with 200, verifies the `X-AKENEO-SIGNATURE-*` HMACs (two secrets for rotation), validates the
 * CloudEvents envelope and the documented `com.akeneo.pim.v1.*` types, dedupes on the CloudEvent
 * `id`, and answers 200 within Akeneo's 5 s (ack deadline 4 s), a retryable status on failure, and
 * never a 404 or 3xx, which would suspend the subscription.
 */
export function akeneo(options: AkeneoOptions): PimSource<'akeneo'> {
  if (options === null || typeof options !== 'object') {
    throw new PimConfigurationError('akeneo: pass options, e.g. akeneo({ secret }).');
  }
  const secrets = secretsOf(options.secret);
  checkOptions(options);
  const failureStatus = options.failureStatus ?? 500;
  const busyStatus = options.busyStatus ?? 429;
  const retryAfter = { 'retry-after': String(options.retryAfterSeconds ?? 60) };

  function busy(error: string): PimResponse {
    return jsonAnswer(busyStatus, { ok: false, error }, retryAfter);
  }

  return {
    name: 'akeneo',
    methods: ['POST', 'HEAD'],
    ackDeadlineMs: options.ackDeadlineMs ?? 4000,
    probe: (delivery) => (delivery.method === 'HEAD' ? { status: 200, headers: {}, body: '' } : undefined),
    verify: (delivery) => verifyAkeneoSignature(delivery, secrets),
    decode: (delivery) => parseJsonBody(delivery.body, 'akeneo'),
    toEvents(decoded, delivery) {
      const envelope = akeneoCloudEventSchema.safeParse(decoded);
      if (!envelope.success) throw invalidEnvelope(envelope.issues);
      const cloudEvent = envelope.data;
      const { type, id } = cloudEvent;
      const occurredAt = cloudEvent.time === undefined ? undefined : new Date(cloudEvent.time);
      const info = { id: delivery.id, receivedAt: delivery.receivedAt, index: 0, count: 1 };
      if (!isKnownType(type)) {
        const event: PimEvent = {
          id,
          source: 'akeneo',
          type,
          topic: undefined,
          entityIds: unknownEntityIds(cloudEvent.data),
          occurredAt,
          changes: [],
          data: cloudEvent.data,
          raw: decoded,
          delivery: info,
        };
        return [event];
      }
      const parsed = akeneoSchemas[type].safeParse(cloudEvent.data);
      if (!parsed.success) throw invalidEvent('akeneo', type, 'data', parsed.issues);
      const data = parsed.data;
      const event: PimEvent = {
        id,
        source: 'akeneo',
        type,
        topic: akeneoTopics[type],
        entityIds: (akeneoEntityIds[type] as (d: typeof data) => string[])(data),
        occurredAt,
        changes: akeneoChanges(type, data),
        data,
        raw: decoded,
        delivery: info,
      };
      return [event];
    },
    answer(outcome: DeliveryOutcome): PimResponse {
      switch (outcome.kind) {
        case 'failed':
          return jsonAnswer(
            failureStatus,
            { ok: false, error: outcome.error.publicCode },
            failureStatus === 429 || failureStatus === 503 ? retryAfter : undefined,
          );
        case 'in_flight':
          return busy('in_flight');
        case 'rejected': {
          const { error } = outcome;
          if (error.status === 503) return busy(error.publicCode);
          // A 404 or a redirect suspends the subscription: answer a plain 400 instead.
          if (error.status === 404 || (error.status >= 300 && error.status < 400)) {
            return jsonAnswer(400, { ok: false, error: error.publicCode });
          }
          return defaultAnswer(outcome);
        }
        default:
          return defaultAnswer(outcome);
      }
    },
  };
}
