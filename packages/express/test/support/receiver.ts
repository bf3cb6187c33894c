import {
  type AnyPimEvent,
  bluestone,
  createPimReceiver,
  type PimReceiver,
  type PimReceiverOptions,
  type PimWebhookError,
} from '@pimhooks/core';

export const SECRET = 'express-adapter-test-secret';

/** A receiver for Bluestone that records what it handled and what it reported. */
export interface RecordingReceiver {
  readonly receiver: PimReceiver;
  readonly events: AnyPimEvent[];
  readonly errors: PimWebhookError[];
}

export function recordingReceiver(options: Partial<PimReceiverOptions> = {}): RecordingReceiver {
  const events: AnyPimEvent[] = [];
  const errors: PimWebhookError[] = [];
  const receiver = createPimReceiver({
    sources: [bluestone({ secret: SECRET })],
    logger: false,
    onError: (error) => {
      errors.push(error);
    },
    ...options,
  });
  receiver.onAny((event) => {
    events.push(event);
  });
  return { receiver, events, errors };
}
