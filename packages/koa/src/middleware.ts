import { PimConfigurationError, type PimReceiver, webhookPathMatcher } from '@pimhooks/core';
import type { PimKoaContext, PimKoaNext } from './context.js';
import { deliverKoaRequest } from './deliver.js';

/** Options of `pimWebhooks`. */
export interface PimWebhooksOptions {
  /** Mount path; each source is served at `<path>/<source>[/<segment>...]`. Default `/webhooks`. */
  path?: string;
}

/** Options of `pimWebhook`. */
export interface PimWebhookOptions {
  /**
   * The path segments the source reads (an event name, a key in the URL). Default: the values of
   * the route's parameters (`@koa/router`'s `ctx.params`), in the order the route names them.
   */
  segments?: (ctx: PimKoaContext) => readonly string[];
}

/** Koa middleware serving pimhooks' webhook routes. */
export type PimKoaMiddleware = (ctx: PimKoaContext, next: PimKoaNext) => Promise<unknown>;

function assertReceiver(receiver: unknown, caller: string): asserts receiver is PimReceiver {
  // Duck-typed: an app may load core twice (ESM and CJS), where `instanceof` would fail.
  const candidate = receiver as Partial<PimReceiver> | null | undefined;
  if (typeof candidate?.handle !== 'function' || typeof candidate.hasSource !== 'function') {
    throw new PimConfigurationError(
      `${caller}: pass the receiver from createPimReceiver({ sources: [...] }) as the first argument.`,
    );
  }
}

function routeParams(ctx: PimKoaContext): readonly string[] {
  const params = ctx.params;
  if (params === undefined) return [];
  return Object.values(params).filter((value): value is string => typeof value === 'string');
}

/**
 * Koa middleware serving every source of `receiver` at `<path>/<source>` (default
 * `/webhooks/bluestone`, ...). Every other request goes on to `next()`. Mount it before any body
 * parser, or see the README for parsers that keep the raw body.
 */
export function pimWebhooks(receiver: PimReceiver, options: PimWebhooksOptions = {}): PimKoaMiddleware {
  assertReceiver(receiver, 'pimWebhooks');
  const matchPath = webhookPathMatcher(options.path ?? '/webhooks');
  return function pimWebhooksMiddleware(ctx, next) {
    const route = matchPath(ctx.path);
    if (route === undefined || !receiver.hasSource(route.source)) return next();
    return deliverKoaRequest(receiver, ctx, route.source, route.segments);
  };
}

/**
 * Koa middleware for one source, to place on a route of your own:
 * `router.post('/hooks/bluestone', pimWebhook(receiver, 'bluestone'))`. It answers every request
 * it is given (the route decides which ones reach it).
 */
export function pimWebhook(
  receiver: PimReceiver,
  sourceName: string,
  options: PimWebhookOptions = {},
): PimKoaMiddleware {
  assertReceiver(receiver, 'pimWebhook');
  if (!receiver.hasSource(sourceName)) {
    const known = [...receiver.options.sources.keys()].join(', ') || 'none';
    throw new PimConfigurationError(
      `pimWebhook: the receiver has no source named "${sourceName}" (configured: ${known}).`,
    );
  }
  const segments = options.segments ?? routeParams;
  return function pimWebhookMiddleware(ctx) {
    return deliverKoaRequest(receiver, ctx, sourceName, segments(ctx));
  };
}
