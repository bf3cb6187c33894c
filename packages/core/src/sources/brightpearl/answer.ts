import { defaultAnswer, jsonAnswer } from '../../receiver/answers.js';
import type { DeliveryOutcome, PimResponse } from '../../source.js';

/**
 * Brightpearl's answer policy. With QoS 0 Brightpearl retries only a 503, with QoS 1 anything but
 * a 4xx: so everything worth retrying is answered 503 (+ `Retry-After`), which both retry: a failed
 * handler, a copy in flight elsewhere, the store being down, a server-side problem (any 5xx), and a
 * body that arrived too slowly (a 408 would be a 4xx, never retried). Invalid or unauthenticated
 * deliveries get their 4xx: retrying them cannot help.
 */
export function brightpearlAnswer(outcome: DeliveryOutcome, retryAfterSeconds: number): PimResponse {
  if (outcome.kind === 'rejected') {
    const { error } = outcome;
    if (error.status >= 500 || error.code === 'body_timeout') {
      return jsonAnswer(
        503,
        { ok: false, error: error.publicCode },
        { 'retry-after': String(retryAfterSeconds) },
      );
    }
  }
  return defaultAnswer(outcome, { failureStatus: 503, retryAfterSeconds });
}
