import {
  type BrightpearlOptions,
  brightpearl,
  createPimReceiver,
  type PimReceiverOptions,
  type PimWebhookError,
} from '../../src/index.js';
import { LineLogger } from './quable.js';

export {
  BRIGHTPEARL_BODY_TEMPLATE,
  brightpearlDelivery,
  brightpearlValues,
  fillBrightpearlTemplate,
} from '../../../testing/src/brightpearl.js';
export { deliverTo, sendDelivery } from '../../../testing/src/delivery.js';
export { serve } from './quable.js';

export const KEY = 'bp-0c6f2a9e71d84b55a3e1';

/** A receiver with a Brightpearl source keyed with `KEY` (unless overridden), its log and errors. */
export function setupBrightpearl(
  options: Partial<BrightpearlOptions> = {},
  receiverOptions: Partial<PimReceiverOptions> = {},
) {
  const logger = new LineLogger();
  const errors: PimWebhookError[] = [];
  const receiver = createPimReceiver({
    sources: [brightpearl({ key: KEY, ...options })],
    logger,
    onError: (error) => {
      errors.push(error);
    },
    ...receiverOptions,
  });
  return { receiver, logger, errors };
}
