import type { IdempotencyStore } from '@pimhooks/core';
import { redisStore } from '@pimhooks/redis';
import { Redis } from 'ioredis';

/**
 * The Redis store when `REDIS_URL` is set, so that several instances of this app deduplicate
 * together; otherwise `undefined` (the receiver's in-memory store, for one instance).
 */
export async function storeFromEnv(env: NodeJS.ProcessEnv): Promise<IdempotencyStore | undefined> {
  if (!env.REDIS_URL) return undefined;
  const redis = new Redis(env.REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  redis.on('error', (error: Error) => console.error(`redis: ${error.message}`));
  await redis.connect();
  return redisStore({ client: redis });
}
