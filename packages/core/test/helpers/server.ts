import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeWebhookHandler } from '../../src/index.js';

/** A real node:http server on a free port, serving `handler` (with a 404 fallback). */
export async function listen(
  handler: NodeWebhookHandler,
  withNext = true,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (!withNext) return handler(req, res);
    handler(req, res, () => {
      res.statusCode = 418;
      res.end('next');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
