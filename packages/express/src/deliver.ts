import type { ServerResponse } from 'node:http';
import { isPimWebhookError, obtainRawBody, type PimReceiver, sendNodeResponse } from '@pimhooks/core';
import { EXPRESS_RAW_BODY_FIX, keptBodies } from './raw-body.js';
import type { PimExpressNext, PimExpressRequest } from './request.js';
import { queryOf } from './segments.js';

/**
 * Hand one Express request for `source` to the receiver and answer with what it decides. Every
 * outcome of the pipeline, handler failures included, is answered by the source's policy (and
 * reported by the receiver); only an unexpected error, a bug, goes to `next(error)`.
 */
export function deliverExpressRequest(
  receiver: PimReceiver,
  req: PimExpressRequest,
  res: ServerResponse,
  next: PimExpressNext,
  source: string,
  segments: readonly string[],
): void {
  const { maxBodyBytes, bodyTimeoutMs } = receiver.options;
  obtainRawBody({
    req,
    captured: keptBodies(req),
    maxBodyBytes,
    bodyTimeoutMs,
    source,
    fix: EXPRESS_RAW_BODY_FIX,
  })
    .then(
      (body) => {
        const answer = receiver.respond({
          source,
          method: req.method ?? 'GET',
          headers: req.headers,
          body,
          pathSegments: segments,
          query: queryOf(req.url),
        });
        // Most deliveries are handled synchronously: answer them without another promise.
        if (answer instanceof Promise) return answer.then((later) => sendNodeResponse(res, later));
        sendNodeResponse(res, answer);
      },
      (thrown: unknown) => {
        if (!isPimWebhookError(thrown)) throw thrown;
        // After a refused body the rest of it may still be on the socket: do not reuse the connection.
        const unreadRest = thrown.status === 413 || thrown.status === 408 || thrown.code === 'body_aborted';
        sendNodeResponse(res, receiver.reject(thrown, source), unreadRest);
      },
    )
    // Express 4 does not catch rejected promises of middleware: hand them on explicitly (both majors).
    .catch(next);
}
