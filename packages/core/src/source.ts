import type { PimWebhookError } from './errors.js';
import type { PimEvent } from './events.js';
import type { HeaderBag } from './request/headers.js';

/** HTTP methods a source may accept. */
export type PimHttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** One incoming request, as a source sees it: exact raw bytes, nothing parsed yet. */
export interface IncomingDelivery {
  /** Upper-case HTTP method. */
  readonly method: string;
  readonly headers: HeaderBag;
  /** The exact bytes received. Empty for requests without a body. */
  readonly body: Uint8Array;
  /** Path segments after the source's mount path, decoded (e.g. `['ProductCatalogueItemCreated']`). */
  readonly pathSegments: readonly string[];
  readonly query: URLSearchParams;
  readonly receivedAt: Date;
  /** A hash of the raw bytes, stable across the vendor's retries of this delivery. */
  readonly id: string;
}

/** Everything that can happen to a delivery once it reached a source; the source's policy turns it into an answer. */
export type DeliveryOutcome =
  /** Every event was handled, or was a duplicate of one already handled. */
  | { readonly kind: 'handled'; readonly events: number; readonly duplicates: number }
  /** At least one handler failed; those events' claims were released so a retry runs them again. */
  | { readonly kind: 'failed'; readonly error: PimWebhookError; readonly events: number }
  /** A copy of an event is being handled by another instance right now: its outcome is not known yet. */
  | { readonly kind: 'in_flight'; readonly events: number }
  /** The ack deadline passed with handlers still running; they go on, a later failure is reported. */
  | { readonly kind: 'deferred'; readonly events: number }
  /** The delivery was refused before any handler ran. */
  | { readonly kind: 'rejected'; readonly error: PimWebhookError };

/** What the receiver answers over HTTP. */
export interface PimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A vendor integration. Everything vendor-specific lives behind this interface, in one folder per
 * vendor under `src/sources/`; the pipeline calls these steps in order and knows no vendor.
 *
 * Create sources with their factories (`bluestone({ secret })`), not by hand, unless you are
 * adding a vendor of your own.
 */
export interface PimSource<TName extends string = string> {
  /** Unique name; also the path segment the source is mounted under (`/webhooks/<name>`). */
  readonly name: TName;
  /** Methods the vendor uses; anything else is answered 405. */
  readonly methods: readonly PimHttpMethod[];
  /**
   * Milliseconds after which the delivery is acknowledged even if handlers still run, for vendors
   * that give up waiting. `undefined`: answer when the handlers are done.
   */
  readonly ackDeadlineMs: number | undefined;
  /**
   * Check the signature or token on the exact raw bytes, in constant time. Return `undefined`
   * when authentic, or the error to answer with.
   */
  verify(delivery: IncomingDelivery): PimWebhookError | undefined | Promise<PimWebhookError | undefined>;
  /**
   * Decode the verified body (usually JSON via `parseJsonBody`). Throw a `PimWebhookError`
   * (`invalid_json`, `invalid_envelope`) when it is not what the vendor sends.
   */
  decode(delivery: IncomingDelivery): unknown;
  /**
   * Split the decoded body into events, validate each known type against its schema and
   * normalize it. Unknown types become `topic: undefined` events with untyped data.
   * Throw a `PimWebhookError` (`invalid_envelope`, `invalid_event`) for malformed input.
   */
  toEvents(decoded: unknown, delivery: IncomingDelivery): PimEvent[];
  /** The HTTP answer for an outcome, following the vendor's retry rules. */
  answer(outcome: DeliveryOutcome): PimResponse;
  /**
   * Answer for requests that only probe the endpoint (e.g. a `HEAD` subscription check), before
   * verification. Return `undefined` to process the request as a delivery.
   */
  probe?(delivery: IncomingDelivery): PimResponse | undefined;
}
