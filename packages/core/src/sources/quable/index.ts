import { PimConfigurationError, PimWebhookError } from '../../errors.js';
import type { PimEvent } from '../../events.js';
import { consoleLogger, type PimLogger } from '../../logger.js';
import { parseJsonBody } from '../../request/json.js';
import type { PimSource } from '../../source.js';
import { invalidEvent } from '../shared/schema-errors.js';
import { type QuableFailurePolicy, quableAnswer } from './answer.js';
import { isQuableEventCode, isQuableProcessCode, type QuableEventCode, type QuableTopicOf } from './codes.js';
import { quableChanges, quableDate, quableTopicFor } from './normalize.js';
import { type QuableEventData, quableEntityEventSchema, quableProcessEventSchema } from './schemas.js';
import { quableTokens, verifyQuableToken } from './token.js';

export type { QuableFailurePolicy } from './answer.js';
export {
  QUABLE_ENTITY_KINDS,
  QUABLE_EVENT_CODES,
  QUABLE_PROCESS_CODES,
  type QuableAction,
  type QuableEntityCode,
  type QuableEntityKind,
  type QuableEventCode,
  type QuableProcessCode,
  type QuableTopicOf,
  quableTopics,
} from './codes.js';
export type { QuableEventData, QuableProcessType, QuableResource } from './schemas.js';
export { QUABLE_TOKEN_HEADER } from './token.js';

/** Every documented Quable event code, with its topic and typed data. */
export type QuableEventMap = {
  [C in QuableEventCode]: { topic: QuableTopicOf<C>; data: QuableEventData<C> };
};

export interface QuableOptions {
  /**
   * The value configured as the webhook's `Authorization` header in Quable (with or without a
   * `Bearer ` prefix, on either side). Pass several during a rotation. Left out, every request is
   * accepted, and a warning says so at setup.
   */
  token?: string | readonly string[];
  /**
   * What to answer when a handler fails. `'acknowledge'` (default): 200, the failure goes to
   * `onError`; three failed answers in a row would disable the webhook in Quable. `'retry'`: 503,
   * so Quable retries (twice, five minutes apart) and then disables the webhook.
   */
  onHandlerFailure?: QuableFailurePolicy;
  /**
   * Document types whose `document.*` events carry the `product.*` topics. Default `['product']`.
   * Documents of other types (brands, collections...) reach handlers of their code, without topic.
   */
  productDocumentTypes?: readonly string[];
  /** Acknowledge after this many milliseconds even if handlers still run. Default: wait for handlers. */
  ackDeadlineMs?: number;
  /** `Retry-After` seconds on 503 answers. Default 300 (Quable retries five minutes later anyway). */
  retryAfterSeconds?: number;
  /** Where the setup warning about a missing token goes. Default: stderr. `false`: nowhere. */
  logger?: PimLogger | false;
}

const SOURCE = 'quable';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkOptions(options: QuableOptions): void {
  const { onHandlerFailure, ackDeadlineMs, retryAfterSeconds, productDocumentTypes } = options;
  if (onHandlerFailure !== undefined && onHandlerFailure !== 'acknowledge' && onHandlerFailure !== 'retry') {
    throw new PimConfigurationError("quable: `onHandlerFailure` is 'acknowledge' or 'retry'.");
  }
  if (ackDeadlineMs !== undefined && !(ackDeadlineMs > 0 && Number.isFinite(ackDeadlineMs))) {
    throw new PimConfigurationError('quable: `ackDeadlineMs` must be a positive number of milliseconds.');
  }
  if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
    throw new PimConfigurationError('quable: `retryAfterSeconds` must be a whole number of seconds.');
  }
  if (productDocumentTypes !== undefined && !productDocumentTypes.every((t) => typeof t === 'string')) {
    throw new PimConfigurationError('quable: `productDocumentTypes` must be a list of document type codes.');
  }
}

/** The read-only checks routing needs before any schema: a JSON object with a `uuid` and a `code`. */
function readEnvelope(body: unknown): Record<string, unknown> & { uuid: string; code: string } {
  if (
    !isObject(body) ||
    typeof body.uuid !== 'string' ||
    body.uuid === '' ||
    body.uuid.length > 200 ||
    typeof body.code !== 'string' ||
    body.code === ''
  ) {
    throw new PimWebhookError(
      'invalid_envelope',
      'A Quable notification is a JSON object with a "uuid" and a "code".',
      { source: SOURCE },
    );
  }
  return body as Record<string, unknown> & { uuid: string; code: string };
}

/**
 * The Quable PIM source: checks the static `Authorization` value in constant time, types the 21
 * documented event codes, uses Quable's `uuid` as event id, and by default acknowledges a failed
 * handler (reported to `onError`), since three failed answers disable a Quable webhook.
 */
export function quable(options: QuableOptions = {}): PimSource<'quable'> {
  checkOptions(options);
  const tokens = quableTokens(options.token);
  const policy = options.onHandlerFailure ?? 'acknowledge';
  const retryAfterSeconds = options.retryAfterSeconds ?? 300;
  const productTypes: ReadonlySet<string> = new Set(options.productDocumentTypes ?? ['product']);
  if (tokens === undefined && options.logger !== false) {
    (options.logger ?? consoleLogger).warn(
      'quable: no `token` is configured, so ANYONE who can reach the endpoint can post Quable events. ' +
        'Set an Authorization value on the webhook in Quable and pass it as `token`.',
      { source: SOURCE },
    );
  }

  return {
    name: SOURCE,
    methods: ['POST'],
    ackDeadlineMs: options.ackDeadlineMs,
    verify: (delivery) => (tokens === undefined ? undefined : verifyQuableToken(delivery, tokens)),
    decode: (delivery) => parseJsonBody(delivery.body, SOURCE),
    toEvents(decoded, delivery): PimEvent[] {
      const body = readEnvelope(decoded);
      const { code } = body;
      const info = { id: delivery.id, receivedAt: delivery.receivedAt, index: 0, count: 1 };
      if (!isQuableEventCode(code)) {
        const resource = isObject(body.resource) ? body.resource : undefined;
        const entity = resource?.code;
        return [
          {
            id: body.uuid,
            source: SOURCE,
            type: code,
            occurredAt: typeof body.created_at === 'string' ? quableDate(body.created_at) : undefined,
            raw: body,
            delivery: info,
            topic: undefined,
            entityIds: typeof entity === 'string' ? [entity] : [],
            changes: [],
            data: body,
          },
        ];
      }
      const schema = isQuableProcessCode(code) ? quableProcessEventSchema : quableEntityEventSchema;
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw invalidEvent(SOURCE, code, 'the notification', parsed.issues);
      const data = parsed.data;
      const entity = data.resource?.code ?? data.process?.id ?? undefined;
      return [
        {
          id: data.uuid,
          source: SOURCE,
          type: code,
          occurredAt: quableDate(data.created_at),
          raw: body,
          delivery: info,
          topic: quableTopicFor(code, data.resource?.document_type_code, productTypes),
          entityIds: entity === undefined ? [] : [entity],
          changes: quableChanges(code, data.resource),
          data,
        },
      ];
    },
    answer: (outcome) => quableAnswer(outcome, policy, retryAfterSeconds),
  };
}
