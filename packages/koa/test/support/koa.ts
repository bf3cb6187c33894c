import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import Koa3 from 'koa';
import Koa2 from 'koa2';

/** The Koa majors every suite runs on: Koa 3 (`koa`) and Koa 2 (the `koa2` alias). */
export const koaMajors = [
  { name: 'Koa 3', major: 3, Koa: Koa3, packageName: 'koa' },
  { name: 'Koa 2', major: 2, Koa: Koa2, packageName: 'koa2' },
] as const;

/** Either major's application class. */
export type KoaClass = typeof Koa3;

/** A Koa app listening on a free port of 127.0.0.1. */
export interface Served {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Start `app` on port 0 and wait until it listens. */
export async function serve(app: Koa): Promise<Served> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Middleware placed after the webhooks: proves a request was passed on with `next()`. */
export function fallthrough(ctx: { status: number; body: unknown; path: string }): void {
  ctx.status = 418;
  ctx.body = `passed on: ${ctx.path}`;
}
