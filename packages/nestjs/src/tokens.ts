/** Injection token of the module's `PimReceiver`: `@Inject(PIM_RECEIVER) receiver: PimReceiver`. */
export const PIM_RECEIVER = 'pimhooks:receiver';

/**
 * Metadata key set by `@OnPimEvent` on a handler method. Strings, not Symbols: an app may load this
 * package twice (ESM and CJS), and both copies must read the same metadata.
 */
export const ON_PIM_EVENT_METADATA = 'pimhooks:on-pim-event';

/**
 * Metadata key set (to `true`) on the webhook controller class, so that a global guard can let the
 * webhook routes through: `reflector.get(PIM_WEBHOOK_ROUTE, context.getClass())`.
 */
export const PIM_WEBHOOK_ROUTE = 'pimhooks:webhook-route';
