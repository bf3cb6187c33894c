export type { PimKoaContext, PimKoaNext } from './context.js';
export {
  type PimKoaMiddleware,
  type PimWebhookOptions,
  type PimWebhooksOptions,
  pimWebhook,
  pimWebhooks,
} from './middleware.js';
