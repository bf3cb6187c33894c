export {
  type AkeneoSignOptions,
  type AkeneoTestEvent,
  akeneoEvent,
  akeneoExampleEvent,
  akeneoSignature,
  akeneoSubscriptionCheck,
  signAkeneo,
} from './akeneo.js';
export { type RunningApp, type StartAppOptions, startApp } from './app-process.js';
export {
  type BizzkitSignOptions,
  type BizzkitTestAlgorithm,
  type BizzkitTestEncryption,
  type BizzkitTokenOptions,
  bizzkitToken,
  signBizzkit,
  tamperToken,
} from './bizzkit.js';
export {
  type BluestoneBatchOptions,
  type BluestoneSignOptions,
  bluestoneBatch,
  bluestoneSignature,
  signBluestone,
  tamperBody,
} from './bluestone.js';
export {
  BRIGHTPEARL_BODY_TEMPLATE,
  type BrightpearlDeliveryOptions,
  type BrightpearlTemplateValues,
  brightpearlDelivery,
  brightpearlValues,
  fillBrightpearlTemplate,
} from './brightpearl.js';
export {
  type ExpectedExchange,
  TEST_VENDOR_SECRETS,
  type VendorSecrets,
  vendorEnv,
  vendorExchanges,
} from './contract.js';
export { deliverTo, sendDelivery, type TestAnswer, type TestDelivery } from './delivery.js';
export { type EchoData, echoSource } from './echo-source.js';
export { type AkeneoExample, akeneoExamples } from './fixtures/akeneo.js';
export {
  type BluestoneDeliveryBody,
  type BluestoneExample,
  bluestoneExamples,
} from './fixtures/bluestone.js';
export {
  type QuableLink,
  type QuableNotificationBody,
  quableExamples,
  quableSeedExample,
} from './fixtures/quable.js';
export { type QuableDeliveryOptions, quableDelivery, quableNotification } from './quable.js';
export { type RecordingReceiver, recordingReceiver } from './recording-receiver.js';
export { type RedisServer, type StartedRedisServer, startRedisServer } from './redis-server.js';
