/**
 * Why a delivery was rejected or an event was not handled. Every code maps to one HTTP status
 * (sources may refine the answer for `handler_failed`, see the answer policy).
 */
export const REASON_STATUS = {
  /** No source is mounted under the requested path. */
  unknown_source: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  /** The client did not finish sending the body within the read timeout. */
  body_timeout: 408,
  /** The client went away before the body was complete. */
  body_aborted: 400,
  /** The framework parsed the body and kept no raw bytes: a setup error, see the message for the fix. */
  raw_body_unavailable: 500,
  signature_missing: 401,
  signature_invalid: 401,
  token_missing: 401,
  token_invalid: 401,
  token_expired: 401,
  /** The signed body timestamp is older than the source's `maxAgeMs` (or too far in the future). */
  timestamp_out_of_range: 401,
  invalid_json: 400,
  /** The body is JSON but not the vendor's envelope. */
  invalid_envelope: 400,
  /** An event of a known type does not match that type's schema. */
  invalid_event: 400,
  /** A handler threw or rejected. */
  handler_failed: 500,
  /** A handler failed after the delivery had already been acknowledged (ack deadline passed). */
  handler_failed_after_ack: 500,
  /** The idempotency store could not be reached. */
  store_unavailable: 503,
  /** The receiver is shutting down (`close()` was called): the vendor retries later, elsewhere. */
  shutting_down: 503,
  /** A bug: a source or the pipeline threw something unexpected. Reported with the cause. */
  internal_error: 500,
} as const;

export type PimReasonCode = keyof typeof REASON_STATUS;

/** Codes for failed authentication: answered 401 with no further detail. */
const AUTH_CODES: ReadonlySet<PimReasonCode> = new Set<PimReasonCode>([
  'signature_missing',
  'signature_invalid',
  'token_missing',
  'token_invalid',
  'token_expired',
  'timestamp_out_of_range',
]);

export interface PimWebhookErrorOptions {
  /** Name of the source the delivery was for, when known. */
  source?: string | undefined;
  /** Id of the event concerned, for handler failures. */
  eventId?: string | undefined;
  /** Vendor event type concerned, for handler failures and invalid events. */
  eventType?: string | undefined;
  cause?: unknown;
}

/**
 * The one error type pimhooks reports and throws for delivery problems. Its message explains the
 * problem to the operator; it never contains a secret, a signature or a token.
 */
export class PimWebhookError extends Error {
  override readonly name = 'PimWebhookError';
  readonly code: PimReasonCode;
  /** The HTTP status the default policy answers for this code. */
  readonly status: number;
  readonly source: string | undefined;
  readonly eventId: string | undefined;
  readonly eventType: string | undefined;

  constructor(code: PimReasonCode, message: string, options: PimWebhookErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = REASON_STATUS[code];
    this.source = options.source;
    this.eventId = options.eventId;
    this.eventType = options.eventType;
  }

  /** True for failed signature, token or timestamp checks. */
  get isAuthentication(): boolean {
    return AUTH_CODES.has(this.code);
  }

  /** The short code a client may see in the response body: authentication failures all read `unauthorized`. */
  get publicCode(): string {
    return this.isAuthentication ? 'unauthorized' : this.code;
  }
}

/** Thrown at setup time (bad secrets, impossible options), never while handling a request. */
export class PimConfigurationError extends Error {
  override readonly name = 'PimConfigurationError';
}

/**
 * Whether a value is a `PimWebhookError`. Works across copies of this package (an app may load
 * both its ESM and CJS builds), where `instanceof` would not.
 */
export function isPimWebhookError(value: unknown): value is PimWebhookError {
  return (
    value instanceof PimWebhookError ||
    (value instanceof Error &&
      value.name === 'PimWebhookError' &&
      typeof (value as { code?: unknown }).code === 'string' &&
      typeof (value as { status?: unknown }).status === 'number')
  );
}
