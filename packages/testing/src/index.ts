export { type RunningApp, type StartAppOptions, startApp } from './app-process.js';
export {
  type BluestoneBatchOptions,
  type BluestoneSignOptions,
  bluestoneBatch,
  bluestoneSignature,
  signBluestone,
  tamperBody,
} from './bluestone.js';
export { deliverTo, sendDelivery, type TestAnswer, type TestDelivery } from './delivery.js';
export {
  type BluestoneDeliveryBody,
  type BluestoneExample,
  bluestoneExamples,
} from './fixtures/bluestone.js';
export { type RedisServer, type StartedRedisServer, startRedisServer } from './redis-server.js';
