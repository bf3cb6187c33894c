import { createHash } from 'node:crypto';
import { PimConfigurationError, PimWebhookError } from '../../errors.js';
import type { PimEvent } from '../../events.js';
import { defaultAnswer, jsonAnswer } from '../../receiver/answers.js';
import { parseJsonBody } from '../../request/json.js';
import type { DeliveryOutcome, PimResponse, PimSource } from '../../source.js';
import { readBizzkitEventName } from './event-name.js';
import type { BizzkitPayload } from './payloads.js';
import {
  BIZZKIT_SIGNING_ALGORITHMS,
  type BizzkitSigningAlgorithm,
  type BizzkitTokenSettings,
  verifyBizzkitToken,
} from './token.js';
import { bizzkitTopicOf } from './topics.js';

export type {
  BizzkitDocumentedPayloads,
  BizzkitEventMap,
  BizzkitEventName,
  BizzkitPayload,
  BizzkitPayloadMap,
  BizzkitPayloads,
  BizzkitTopicOf,
} from './payloads.js';
export {
  BIZZKIT_ENCRYPTION_KEY_BYTES,
  BIZZKIT_SIGNING_ALGORITHMS,
  type BizzkitEncryption,
  type BizzkitSigningAlgorithm,
} from './token.js';
export { BIZZKIT_TOPIC_ENTITIES, BIZZKIT_TOPIC_VERBS, bizzkitTopicOf } from './topics.js';

/** Bizzkit waits 10 s for an answer; anything later counts as a failed attempt. */
const BIZZKIT_TIMEOUT_MS = 10_000;
/** Bizzkit's documented minimum secret length, in characters. */
export const BIZZKIT_MIN_SECRET_LENGTH = 32;

/** Options of the Bizzkit source: `bizzkit({ secret })`. */
export interface BizzkitOptions {
  /**
   * The webhook secret set in Bizzkit (Administration -> Webhooks), at least 32 characters. Its
   * UTF-8 bytes are the HMAC key of the token, and the decryption key of encrypted tokens. Pass two
   * during a rotation: a token made with either is accepted.
   */
  secret: string | readonly string[];
  /**
   * A header that carries the event name, for setups that add one (e.g. a proxy). When the header
   * is absent the name comes from the last path segment: `/webhooks/bizzkit/<EventName>`.
   */
  eventNameHeader?: string;
  /** Leeway for `exp` and `nbf`, in seconds. Default 300 (what ASP.NET allows by default). */
  clockToleranceSeconds?: number;
  /** Signing algorithms to accept. Default HS256, HS384 and HS512. */
  algorithms?: readonly BizzkitSigningAlgorithm[];
  /** Require this `iss` (one of these). Bizzkit does not document one: off by default. */
  issuer?: string | readonly string[];
  /** Require this `aud` (one of these). Bizzkit does not document one: off by default. */
  audience?: string | readonly string[];
  /** The success answer: Bizzkit counts only 200 and 204 as delivered. Default 200. */
  successStatus?: 200 | 204;
  /** The answer when a handler failed: a 5xx, which Bizzkit retries (up to 10 attempts). Default 500. */
  failureStatus?: number;
  /**
   * Answer with the success status after this many milliseconds even if handlers still run (they
   * go on; a later failure is reported to `onError`). Must stay under Bizzkit's 10 s. Default 8000.
   */
  ackDeadlineMs?: number;
  /**
   * The event id, for deduplication, from the payload. Return `undefined` to use the default: a
   * hash of the event name and the exact body, identical on every retry. Use this when your
   * payloads carry an id of the event itself (not of the product: two changes to one product
   * must not share an id).
   */
  eventId?: (payload: BizzkitPayload, eventName: string) => string | undefined;
  /** The ids of the entities an event is about. Default: the payload's top-level `id` or `Id`. */
  entityIds?: (payload: BizzkitPayload, eventName: string) => readonly string[];
}

function secretsOf(secret: BizzkitOptions['secret']): Uint8Array[] {
  const list = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? [...secret] : [];
  if (list.length === 0 || list.some((s) => typeof s !== 'string')) {
    throw new PimConfigurationError(
      'bizzkit: `secret` must be a string, or a list of strings during a rotation.',
    );
  }
  if (list.some((s) => s.length < BIZZKIT_MIN_SECRET_LENGTH)) {
    throw new PimConfigurationError(
      `bizzkit: the secret must be at least ${BIZZKIT_MIN_SECRET_LENGTH} characters, as Bizzkit requires for webhook secrets.`,
    );
  }
  const encoder = new TextEncoder();
  return list.map((s) => encoder.encode(s));
}

function checkOptions(options: BizzkitOptions): void {
  const { clockToleranceSeconds, successStatus, failureStatus, ackDeadlineMs, algorithms } = options;
  if (
    clockToleranceSeconds !== undefined &&
    !(clockToleranceSeconds >= 0 && Number.isFinite(clockToleranceSeconds))
  ) {
    throw new PimConfigurationError(
      'bizzkit: `clockToleranceSeconds` must be a number of seconds, 0 or more.',
    );
  }
  if (successStatus !== undefined && successStatus !== 200 && successStatus !== 204) {
    throw new PimConfigurationError(
      'bizzkit: `successStatus` must be 200 or 204, the only answers Bizzkit accepts.',
    );
  }
  if (
    failureStatus !== undefined &&
    !(Number.isInteger(failureStatus) && failureStatus >= 500 && failureStatus <= 599)
  ) {
    throw new PimConfigurationError(
      'bizzkit: `failureStatus` must be a 5xx status, so that Bizzkit retries.',
    );
  }
  if (ackDeadlineMs !== undefined && !(ackDeadlineMs > 0 && ackDeadlineMs < BIZZKIT_TIMEOUT_MS)) {
    throw new PimConfigurationError(
      'bizzkit: `ackDeadlineMs` must be above 0 and under 10000: Bizzkit stops waiting after 10 s.',
    );
  }
  if (
    algorithms !== undefined &&
    (algorithms.length === 0 || algorithms.some((a) => !BIZZKIT_SIGNING_ALGORITHMS.includes(a)))
  ) {
    throw new PimConfigurationError(
      `bizzkit: \`algorithms\` must list some of ${BIZZKIT_SIGNING_ALGORITHMS.join(', ')}.`,
    );
  }
}

function isObject(value: unknown): value is BizzkitPayload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payload's own `id`/`Id`, when it is a string or a number. */
function defaultEntityIds(payload: BizzkitPayload): readonly string[] {
  const id = payload.id ?? payload.Id;
  if (typeof id === 'string' && id !== '') return [id];
  if (typeof id === 'number' && Number.isFinite(id)) return [String(id)];
  return [];
}

/** A hash of the event name and the exact bytes: the same on every retry of one event. */
function contentId(name: string, body: Uint8Array): string {
  return createHash('sha256').update(name).update('\u0000').update(body).digest('base64url').slice(0, 22);
}

/**
 * The Bizzkit PIM source: checks the Bearer JWT (signed, or encrypted and signed, with the webhook
 * secret), reads the event name from the URL or a header, takes the JSON object payload as one
 * event, and answers only 200 or 204 on success, a 5xx (retried) when a handler fails, and the
 * success status after `ackDeadlineMs` (8 s) if handlers still run, within Bizzkit's 10 s.
 */
export function bizzkit(options: BizzkitOptions): PimSource<'bizzkit'> {
  if (options === null || typeof options !== 'object') {
    throw new PimConfigurationError('bizzkit: pass options, e.g. bizzkit({ secret }).');
  }
  const keys = secretsOf(options.secret);
  checkOptions(options);
  const settings: BizzkitTokenSettings = {
    keys,
    algorithms: options.algorithms ?? BIZZKIT_SIGNING_ALGORITHMS,
    clockToleranceSeconds: options.clockToleranceSeconds ?? 300,
    issuer: options.issuer,
    audience: options.audience,
  };
  const eventNameHeader = options.eventNameHeader?.toLowerCase();
  const successStatus = options.successStatus ?? 200;
  const failureStatus = options.failureStatus ?? 500;
  const { eventId, entityIds = defaultEntityIds } = options;

  function success(body: Record<string, unknown>): PimResponse {
    return successStatus === 204 ? { status: 204, headers: {}, body: '' } : jsonAnswer(200, body);
  }

  return {
    name: 'bizzkit',
    methods: ['POST'],
    ackDeadlineMs: options.ackDeadlineMs ?? 8000,
    verify: (delivery) => verifyBizzkitToken(delivery, settings),
    decode: (delivery) => parseJsonBody(delivery.body, 'bizzkit'),
    toEvents(decoded, delivery) {
      const type = readBizzkitEventName(delivery, eventNameHeader);
      if (!isObject(decoded)) {
        throw new PimWebhookError('invalid_envelope', 'A Bizzkit payload is a JSON object.', {
          source: 'bizzkit',
          eventType: type,
        });
      }
      const vendorId = eventId?.(decoded, type);
      const event: PimEvent = {
        id: typeof vendorId === 'string' && vendorId !== '' ? vendorId : contentId(type, delivery.body),
        source: 'bizzkit',
        type,
        topic: bizzkitTopicOf(type),
        entityIds: entityIds(decoded, type),
        occurredAt: undefined,
        changes: [],
        data: decoded,
        raw: decoded,
        delivery: { id: delivery.id, receivedAt: delivery.receivedAt, index: 0, count: 1 },
      };
      return [event];
    },
    answer(outcome: DeliveryOutcome): PimResponse {
      switch (outcome.kind) {
        case 'handled':
          return success({ ok: true, events: outcome.events, duplicates: outcome.duplicates });
        case 'deferred':
          return success({ ok: true, events: outcome.events, deferred: true });
        case 'failed':
          return jsonAnswer(failureStatus, { ok: false, error: outcome.error.publicCode });
        default:
          return defaultAnswer(outcome);
      }
    },
  };
}
