// The README's node-redis example, typechecked with the package and run by readme.test.ts.
// #region readme
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { redisStore } from '@pimhooks/redis';
import { createClient } from 'redis';

const redis = createClient({
  url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  disableOfflineQueue: true, // fail at once while disconnected, instead of queueing
});
// Required: without an 'error' listener, node-redis crashes the process when Redis goes away.
redis.on('error', (error: Error) => console.error('redis:', error.message));
await redis.connect();

const receiver = createPimReceiver({
  sources: [bluestone({ secret: process.env.BLUESTONE_SECRET! })],
  store: redisStore({ client: redis, keyPrefix: 'shop-a:', onUnavailable: 'fail-closed' }),
});
// #endregion readme

/** Close the example's client (for the test that runs it). */
export function closeExample(): void {
  redis.destroy();
}

export { receiver };
