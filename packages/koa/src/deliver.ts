import { isPimWebhookError, obtainRawBody, type PimReceiver, PimWebhookError } from '@pimhooks/core';
import type { PimKoaContext } from './context.js';
import { KOA_RAW_BODY_FIX, keptBodies } from './raw-body.js';
import { sendKoaResponse } from './respond.js';

/** Hand one Koa request for `source` to the receiver and answer with what it decides. */
export async function deliverKoaRequest(
  receiver: PimReceiver,
  ctx: PimKoaContext,
  source: string,
  segments: readonly string[],
): Promise<void> {
  const { maxBodyBytes, bodyTimeoutMs } = receiver.options;
  let body: Uint8Array;
  try {
    body = await obtainRawBody({
      req: ctx.req,
      captured: keptBodies(ctx),
      maxBodyBytes,
      bodyTimeoutMs,
      source,
      fix: KOA_RAW_BODY_FIX,
    });
  } catch (thrown) {
    const error = isPimWebhookError(thrown)
      ? thrown
      : new PimWebhookError('body_aborted', 'The body could not be read.', { source, cause: thrown });
    const unreadRest = error.status === 413 || error.status === 408 || error.code === 'body_aborted';
    sendKoaResponse(ctx, receiver.reject(error, source), unreadRest);
    return;
  }
  sendKoaResponse(
    ctx,
    await receiver.handle({
      source,
      method: ctx.method,
      headers: ctx.req.headers,
      body,
      pathSegments: segments,
      query: ctx.querystring,
    }),
  );
}
