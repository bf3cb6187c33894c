import type { IncomingMessage } from 'node:http';
import type { PimExpressRequest } from './request.js';

/** What to change when a parser consumed the body and kept nothing: part of the 500's report. */
export const EXPRESS_RAW_BODY_FIX =
  'Mount the webhooks before the body parser: app.use(pimWebhooks(receiver)); app.use(express.json()). ' +
  "Or let the parser keep the bytes: app.use(express.json({ verify: keepRawBody })), keepRawBody from '@pimhooks/express' " +
  '(in plain JavaScript: verify: (req, _res, buf) => { req.rawBody = buf }). ' +
  "Or give the webhook route a raw parser: app.use('/webhooks', express.raw({ type: '*/*' }), pimWebhooks(receiver)).";

/**
 * A `verify` hook for Express's body parsers that keeps the exact bytes in `req.rawBody`, where the
 * webhook middleware finds them: `app.use(express.json({ verify: keepRawBody }))`.
 */
export function keepRawBody(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  (req as PimExpressRequest).rawBody = buf;
}

/**
 * The places an earlier body parser may have left the exact body, most specific first: the bytes a
 * `verify` hook kept in `req.rawBody`, then a body kept as it came (a Buffer from `express.raw()`,
 * a string from `express.text()`). A parsed object is not the body: it is skipped.
 */
export function keptBodies(req: PimExpressRequest): unknown[] {
  return [req.rawBody, req.body];
}
