import type { DeliveryOutcome, PimResponse } from '../source.js';

const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json; charset=utf-8',
});

/** A JSON answer with the given status and extra headers. */
export function jsonAnswer(status: number, body: unknown, headers?: Record<string, string>): PimResponse {
  return {
    status,
    headers: headers === undefined ? JSON_HEADERS : { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export interface DefaultAnswerOptions {
  /** Status for a successful delivery. Default 200. */
  successStatus?: number;
  /** Status when a handler failed. Default 500. */
  failureStatus?: number;
  /** `Retry-After` seconds sent with 503 and 429 answers. Default 60. */
  retryAfterSeconds?: number;
}

/**
 * The default answer policy of ARCHITECTURE.md: 2xx for handled, duplicate and unknown events;
 * the error's own status for rejections (401 with no detail, 400, 404, 405, 413); 5xx for handler
 * failures; 503 + `Retry-After` while a copy is in flight elsewhere or the store is down.
 * Sources call this and refine what their vendor needs.
 */
export function defaultAnswer(outcome: DeliveryOutcome, options: DefaultAnswerOptions = {}): PimResponse {
  switch (outcome.kind) {
    case 'handled':
      // The answer to nearly every request: written directly rather than through JSON.stringify.
      return {
        status: options.successStatus ?? 200,
        headers: JSON_HEADERS,
        body: `{"ok":true,"events":${outcome.events},"duplicates":${outcome.duplicates}}`,
      };
    case 'deferred':
      return jsonAnswer(options.successStatus ?? 200, { ok: true, events: outcome.events, deferred: true });
    case 'in_flight':
      return jsonAnswer(503, { ok: false, error: 'in_flight' }, retryAfterHeader(options));
    case 'failed': {
      const status = options.failureStatus ?? 500;
      return jsonAnswer(
        status,
        { ok: false, error: outcome.error.publicCode },
        status === 503 || status === 429 ? retryAfterHeader(options) : undefined,
      );
    }
    case 'rejected': {
      const { error } = outcome;
      if (error.status === 503) {
        return jsonAnswer(503, { ok: false, error: error.publicCode }, retryAfterHeader(options));
      }
      return jsonAnswer(error.status, { ok: false, error: error.publicCode });
    }
  }
}

function retryAfterHeader(options: DefaultAnswerOptions): Record<string, string> {
  return { 'retry-after': String(options.retryAfterSeconds ?? 60) };
}
