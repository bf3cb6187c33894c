import { isPimWebhookError, obtainRawBody, type PimReceiver, PimWebhookError } from '@pimhooks/core';
import type { PimKoaContext } from './context.js';
import { KOA_RAW_BODY_FIX, keptBodies } from './raw-body.js';
import { sendKoaResponse } from './respond.js';

/**
 * Hand one Koa request for `source` to the receiver and put its answer on the context. One promise
 * chain rather than nested async functions: this runs on every webhook request.
 */
export function deliverKoaRequest(
  receiver: PimReceiver,
  ctx: PimKoaContext,
  source: string,
  segments: readonly string[],
): Promise<void> {
  const { maxBodyBytes, bodyTimeoutMs } = receiver.options;
  return obtainRawBody({
    req: ctx.req,
    captured: keptBodies(ctx),
    maxBodyBytes,
    bodyTimeoutMs,
    source,
    fix: KOA_RAW_BODY_FIX,
  }).then(
    (body) => {
      const answer = receiver.respond({
        source,
        method: ctx.method,
        headers: ctx.req.headers,
        body,
        pathSegments: segments,
        query: ctx.querystring,
      });
      // Most deliveries are handled synchronously: answer them without another promise.
      if (answer instanceof Promise) return answer.then((later) => sendKoaResponse(ctx, later));
      sendKoaResponse(ctx, answer);
    },
    (thrown: unknown) => {
      const error = isPimWebhookError(thrown)
        ? thrown
        : new PimWebhookError('body_aborted', 'The body could not be read.', { source, cause: thrown });
      const unreadRest = error.status === 413 || error.status === 408 || error.code === 'body_aborted';
      sendKoaResponse(ctx, receiver.reject(error, source), unreadRest);
    },
  );
}
