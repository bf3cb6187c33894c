export type { IoRedisClientLike, NodeRedisClientLike, RedisClientLike } from './client.js';
export { RedisStoreError, type RedisStoreOperation } from './errors.js';
export type { RedisStoreOptions, RedisUnavailablePolicy, ResolvedRedisStoreOptions } from './options.js';
export { RedisStore, redisStore } from './redis-store.js';
