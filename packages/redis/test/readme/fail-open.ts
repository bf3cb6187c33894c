// The README's fail-open example, typechecked with the package and checked by readme.test.ts.
import { redisStore } from '@pimhooks/redis';
import { Redis } from 'ioredis';

const redis = new Redis({ lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
const logger = console;

// #region readme
const store = redisStore({
  client: redis,
  onUnavailable: 'fail-open',
  onError: (error) => logger.warn(error.message, { operation: error.operation }),
});

// #endregion readme

export { store };
