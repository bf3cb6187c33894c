import { once } from 'node:events';

/**
 * Listen on a free loopback port. `handled` tells how many events the server's handlers saw, so
 * the harness can check that every answered request really ran its handlers.
 */
export async function listen(server, handled) {
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: server.address().port, handled };
}
