export type {
  AnyPimEvent,
  KnownPimEvent,
  PimBareEventName,
  PimEventCatalog,
  PimEventFor,
  PimEventName,
  PimEventType,
  PimQualifiedEventName,
  PimSourceEvent,
  PimSourceName,
  PimSourceWildcard,
  PimTopicEvent,
} from './catalog.js';
export { type HmacAlgorithm, HmacKey } from './crypto/hmac-key.js';
export {
  bytesEqual,
  decodeSignature,
  type HmacKeyInput,
  hmacMatchesAny,
  hmacSignatureMatches,
  stringsEqual,
} from './crypto/signature.js';
export {
  isPimWebhookError,
  PimConfigurationError,
  type PimReasonCode,
  PimWebhookError,
  type PimWebhookErrorOptions,
  REASON_STATUS,
} from './errors.js';
export type { DeliveryInfo, PimChange, PimChangeKind, PimEvent, UnknownPimEvent } from './events.js';
export { createFetchHandler, type FetchHandlerOptions, readFetchBody } from './http/fetch-handler.js';
export { type ReadBodyOptions, readNodeBody } from './http/node-body.js';
export {
  createNodeHandler,
  type NodeHandlerOptions,
  type NodeWebhookHandler,
  sendNodeResponse,
} from './http/node-handler.js';
export { capturedBodyBytes, isBodyUnread, obtainRawBody, type RawBodySource } from './http/raw-body.js';
export { matchWebhookPath, normalizeBasePath, type WebhookRoute, webhookPathMatcher } from './http/route.js';
export { consoleLogger, type PimLogger, silentLogger } from './logger.js';
export { type DefaultAnswerOptions, defaultAnswer, jsonAnswer } from './receiver/answers.js';
export type { PimRequest } from './receiver/delivery.js';
export type { PimEventHandler } from './receiver/handler-registry.js';
export type {
  PimErrorContext,
  PimErrorHandler,
  PimReceiverOptions,
  ResolvedOptions,
} from './receiver/options.js';
export { createPimReceiver, PimReceiver } from './receiver/receiver.js';
export { type HeaderBag, type HeaderInput, toHeaderBag } from './request/headers.js';
export { MAX_JSON_DEPTH, parseJsonBody } from './request/json.js';
export type {
  ParseResult as PimParseResult,
  Schema as PimSchema,
  SchemaIssue as PimSchemaIssue,
} from './schema/index.js';
export type { DeliveryOutcome, IncomingDelivery, PimHttpMethod, PimResponse, PimSource } from './source.js';
export {
  AKENEO_EVENT_TYPES,
  AKENEO_SIGNATURE_ALGORITHM_HEADER,
  AKENEO_SIGNATURE_PRIMARY_HEADER,
  AKENEO_SIGNATURE_SECONDARY_HEADER,
  type AkeneoCloudEvent,
  type AkeneoDeltaChanges,
  type AkeneoEventData,
  type AkeneoEventMap,
  type AkeneoEventType,
  type AkeneoOptions,
  akeneo,
  akeneoCloudEventSchema,
  akeneoDeltaChanges,
  akeneoSchemas,
  akeneoTopics,
} from './sources/akeneo/index.js';
export {
  BIZZKIT_ENCRYPTION_KEY_BYTES,
  BIZZKIT_MIN_SECRET_LENGTH,
  BIZZKIT_SIGNING_ALGORITHMS,
  BIZZKIT_TOPIC_ENTITIES,
  BIZZKIT_TOPIC_VERBS,
  type BizzkitDocumentedPayloads,
  type BizzkitEncryption,
  type BizzkitEventMap,
  type BizzkitEventName,
  type BizzkitOptions,
  type BizzkitPayload,
  type BizzkitPayloadMap,
  type BizzkitPayloads,
  type BizzkitSigningAlgorithm,
  type BizzkitTopicOf,
  bizzkit,
  bizzkitTopicOf,
} from './sources/bizzkit/index.js';
export {
  BLUESTONE_EVENT_TYPES,
  BLUESTONE_SIGNATURE_HEADER,
  type BluestoneChangeKind,
  type BluestoneEventData,
  type BluestoneEventMap,
  type BluestoneEventType,
  type BluestoneOptions,
  bluestone,
  bluestoneSchemas,
  bluestoneTopics,
} from './sources/bluestone/index.js';
export {
  BRIGHTPEARL_EVENT_NAMES,
  BRIGHTPEARL_FIELDS,
  BRIGHTPEARL_MIN_KEY_LENGTH,
  BRIGHTPEARL_RESOURCE_TYPES,
  type BrightpearlEventData,
  type BrightpearlEventMap,
  type BrightpearlEventName,
  type BrightpearlEventShape,
  type BrightpearlField,
  type BrightpearlFieldMapping,
  type BrightpearlHttpMethod,
  type BrightpearlIdRange,
  type BrightpearlIdSet,
  type BrightpearlLifecycle,
  type BrightpearlOptions,
  type BrightpearlResourceType,
  brightpearl,
  brightpearlTopics,
} from './sources/brightpearl/index.js';
export {
  QUABLE_ENTITY_KINDS,
  QUABLE_EVENT_CODES,
  QUABLE_PROCESS_CODES,
  QUABLE_TOKEN_HEADER,
  type QuableAction,
  type QuableEntityCode,
  type QuableEntityKind,
  type QuableEventCode,
  type QuableEventData,
  type QuableEventMap,
  type QuableFailurePolicy,
  type QuableOptions,
  type QuableProcessCode,
  type QuableProcessType,
  type QuableResource,
  type QuableTopicOf,
  quable,
  quableTopics,
} from './sources/quable/index.js';
export { MemoryStore, type MemoryStoreOptions, memoryStore } from './stores/memory-store.js';
export type { ClaimResult, IdempotencyStore } from './stores/store.js';
export { isPimTopic, PIM_TOPICS, type PimTopic } from './topics.js';
