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
