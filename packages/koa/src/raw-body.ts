import type { PimKoaContext } from './context.js';

/** Where koa-body keeps the unparsed text when `includeUnparsed: true`. */
const KOA_BODY_UNPARSED = Symbol.for('unparsedBody');

/** What to change when a parser consumed the body and kept nothing: shown in the 500's report. */
export const KOA_RAW_BODY_FIX =
  'Mount the webhook middleware before the body parser: app.use(pimWebhooks(receiver)); app.use(bodyParser()). ' +
  'Or let the parser keep the text it read: koaBody({ includeUnparsed: true }) for koa-body; ' +
  '@koa/bodyparser keeps ctx.request.rawBody on its own for the types it parses.';

/**
 * The places an earlier body parser may have left the exact body, most specific first:
 * `@koa/bodyparser`'s `rawBody` (on the Koa request, or on the Node request with `patchNode`),
 * koa-body's unparsed text, then a body a text or raw parser kept as it came.
 */
export function keptBodies(ctx: PimKoaContext): unknown[] {
  const { rawBody, body } = ctx.request;
  const unparsed =
    typeof body === 'object' && body !== null
      ? (body as Record<symbol, unknown>)[KOA_BODY_UNPARSED]
      : undefined;
  return [rawBody, (ctx.req as { rawBody?: unknown }).rawBody, unparsed, body];
}
