import { defaultAnswer, jsonAnswer } from '../../receiver/answers.js';
import type { DeliveryOutcome, PimResponse } from '../../source.js';

/** What to answer Quable when a handler fails. */
export type QuableFailurePolicy = 'acknowledge' | 'retry';

/**
 * Quable's answer policy. Three failed answers in a row disable a Quable webhook until someone
 * re-enables it by hand, and its two retries come five minutes apart: so by default a failing
 * handler is acknowledged with 200 (the failure was reported to `onError` with the event), and a
 * copy of the event running elsewhere right now is acknowledged too (that run reports its own
 * outcome). With `'retry'`, both are answered 503 so that Quable sends the event again.
 */
export function quableAnswer(
  outcome: DeliveryOutcome,
  policy: QuableFailurePolicy,
  retryAfterSeconds: number,
): PimResponse {
  if (policy === 'acknowledge') {
    if (outcome.kind === 'failed') {
      return jsonAnswer(200, {
        ok: true,
        events: outcome.events,
        acknowledged: outcome.error.publicCode,
      });
    }
    if (outcome.kind === 'in_flight') {
      return jsonAnswer(200, { ok: true, events: outcome.events, acknowledged: 'in_flight' });
    }
  }
  return defaultAnswer(outcome, { failureStatus: 503, retryAfterSeconds });
}
