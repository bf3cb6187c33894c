export {
  type PimWebhooksForRootAsyncOptions,
  type PimWebhooksForRootOptions,
  PimWebhooksModule,
  type PimWebhooksModuleOptions,
  type PimWebhooksRouteOptions,
} from './module.js';
export { OnPimEvent } from './on-pim-event.js';
export { NEST_RAW_BODY_FIX } from './raw-body.js';
export { ON_PIM_EVENT_METADATA, PIM_RECEIVER, PIM_WEBHOOK_ROUTE } from './tokens.js';
