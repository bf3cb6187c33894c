export {
  type PimWebhookOptions,
  type PimWebhooksOptions,
  pimWebhook,
  pimWebhooks,
} from './middleware.js';
export { keepRawBody } from './raw-body.js';
export type { PimExpressHandler, PimExpressNext, PimExpressRequest } from './request.js';
export { paramSegments } from './segments.js';
