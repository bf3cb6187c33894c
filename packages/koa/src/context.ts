import type { IncomingMessage } from 'node:http';

/**
 * The parts of a Koa context pimhooks reads and writes. Written out here rather than imported from
 * `koa`, so the middleware fits the contexts of Koa 2 and Koa 3 (and of `@koa/router`) alike and the
 * package needs no Koa types at run time or at install.
 */
export interface PimKoaContext {
  /** The Node request; its stream is read when no body parser ran before. */
  readonly req: IncomingMessage;
  readonly method: string;
  /** The request path (relative to a `koa-mount` prefix, when there is one). */
  readonly path: string;
  readonly querystring: string;
  /** Where body parsers leave their results (`rawBody`: `@koa/bodyparser`; `body`: koa-body and others). */
  readonly request: { readonly rawBody?: unknown; readonly body?: unknown };
  /** Route parameters set by `@koa/router`. */
  readonly params?: Readonly<Record<string, string | undefined>>;
  status: number;
  body: unknown;
  set(field: string, value: string): void;
}

/** Koa's `next`: runs the rest of the middleware stack. */
export type PimKoaNext = () => Promise<unknown>;
