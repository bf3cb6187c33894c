import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The parts of an Express request pimhooks reads. Written out here rather than imported from
 * `express`, so the middleware fits the requests of Express 4 and Express 5 alike, and the package
 * needs neither Express nor `@types/express` at run time or at install.
 */
export interface PimExpressRequest extends IncomingMessage {
  /** Route parameters, set by Express for route handlers (`app.post('/hooks/:event', ...)`). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The route being run; set by Express when the handler was mounted with `app.post(...)` and friends. */
  readonly route?: unknown;
  /** What a body parser that ran first left: a Buffer (`express.raw()`), a string (`express.text()`), an object. */
  readonly body?: unknown;
  /** The exact bytes kept by `express.json({ verify: keepRawBody })` or a similar hook. */
  rawBody?: unknown;
}

/** Express's `next`: with an error, Express's error handlers take over. */
export type PimExpressNext = (error?: unknown) => void;

/**
 * An Express middleware or route handler. Its parameters are the Node request and response, which
 * Express's own extend, so it can be passed to `app.use`, `app.post` and routers of both majors.
 */
export type PimExpressHandler = (req: PimExpressRequest, res: ServerResponse, next: PimExpressNext) => void;
