// The README's ioredis example, typechecked with the package and run by readme.test.ts.
// #region readme
import { bluestone, createPimReceiver } from '@pimhooks/core';
import { redisStore } from '@pimhooks/redis';
import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  lazyConnect: true,
  enableOfflineQueue: false, // fail at once while disconnected, instead of queueing
  maxRetriesPerRequest: 1,
});
redis.on('error', (error) => console.error('redis:', error.message));
await redis.connect();

const receiver = createPimReceiver({
  sources: [bluestone({ secret: process.env.BLUESTONE_SECRET! })],
  store: redisStore({ client: redis }),
});
// #endregion readme

/** Close the example's client (for the test that runs it). */
export function closeExample(): void {
  redis.disconnect();
}

export { receiver };
