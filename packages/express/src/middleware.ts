import { PimConfigurationError, type PimReceiver, webhookPathMatcher } from '@pimhooks/core';
import { deliverExpressRequest } from './deliver.js';
import type { PimExpressHandler, PimExpressRequest } from './request.js';
import { paramSegments, pathOf, remainingSegments } from './segments.js';

/** Options of `pimWebhooks`. */
export interface PimWebhooksOptions {
  /** Mount path; each source is served at `<path>/<source>[/<segment>...]`. Default `/webhooks`. */
  path?: string;
}

/** Options of `pimWebhook`. */
export interface PimWebhookOptions {
  /**
   * The path segments the source reads (an event name, a key in the URL). Default: on a route
   * (`app.post(...)`), the route's parameters (see `paramSegments`); under `app.use(path, ...)`,
   * the decoded segments of the path left below the mount point.
   */
  segments?: (req: PimExpressRequest) => readonly string[];
}

function assertReceiver(receiver: unknown, caller: string): asserts receiver is PimReceiver {
  // Duck-typed: an app may load core twice (ESM and CJS), where `instanceof` would fail.
  const candidate = receiver as Partial<PimReceiver> | null | undefined;
  if (typeof candidate?.handle !== 'function' || typeof candidate.hasSource !== 'function') {
    throw new PimConfigurationError(
      `${caller}: pass the receiver from createPimReceiver({ sources: [...] }) as the first argument.`,
    );
  }
}

function defaultSegments(req: PimExpressRequest): readonly string[] {
  // Express sets `req.route` only for handlers mounted on a route; under `app.use` the rest of the
  // path is in `req.url`.
  return req.route === undefined ? remainingSegments(req.url) : paramSegments(req.params);
}

/**
 * Express middleware serving every source of `receiver` at `<path>/<source>` (default
 * `/webhooks/bluestone`, ...), any method (the source answers 405 to those it does not use).
 * Every other request goes on to `next()`. Mount it before any body parser, or see the README
 * for parsers that keep the raw body. The path is matched below the middleware's own mount point.
 */
export function pimWebhooks(receiver: PimReceiver, options: PimWebhooksOptions = {}): PimExpressHandler {
  assertReceiver(receiver, 'pimWebhooks');
  const matchPath = webhookPathMatcher(options.path ?? '/webhooks');
  return function pimWebhooksMiddleware(req, res, next) {
    const route = matchPath(pathOf(req.url));
    if (route === undefined || !receiver.hasSource(route.source)) return next();
    deliverExpressRequest(receiver, req, res, next, route.source, route.segments);
  };
}

/**
 * An Express handler for one source, for a route of your own:
 * `app.post('/hooks/bluestone', pimWebhook(receiver, 'bluestone'))`. It answers every request it
 * is given (the route decides which ones reach it).
 */
export function pimWebhook(
  receiver: PimReceiver,
  sourceName: string,
  options: PimWebhookOptions = {},
): PimExpressHandler {
  assertReceiver(receiver, 'pimWebhook');
  if (!receiver.hasSource(sourceName)) {
    const known = [...receiver.options.sources.keys()].join(', ') || 'none';
    throw new PimConfigurationError(
      `pimWebhook: the receiver has no source named "${sourceName}" (configured: ${known}).`,
    );
  }
  const segmentsOf = options.segments ?? defaultSegments;
  return function pimWebhookHandler(req, res, next) {
    let segments: readonly string[];
    try {
      segments = segmentsOf(req);
    } catch (error) {
      return next(error);
    }
    deliverExpressRequest(receiver, req, res, next, sourceName, segments);
  };
}
