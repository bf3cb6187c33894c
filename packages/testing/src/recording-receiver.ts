import {
  type AnyPimEvent,
  bluestone,
  createPimReceiver,
  type PimReceiver,
  type PimReceiverOptions,
  type PimWebhookError,
} from '@pimhooks/core';

/** A receiver that records every event it handled and every error it reported. */
export interface RecordingReceiver {
  readonly receiver: PimReceiver;
  readonly events: AnyPimEvent[];
  readonly errors: PimWebhookError[];
}

/**
 * A receiver for tests: Bluestone with `secret` unless `options.sources` says otherwise, no logger, and
 * everything it handles or reports kept in `events` and `errors`.
 */
export function recordingReceiver(
  secret: string,
  options: Partial<PimReceiverOptions> = {},
): RecordingReceiver {
  const events: AnyPimEvent[] = [];
  const errors: PimWebhookError[] = [];
  const receiver = createPimReceiver({
    sources: [bluestone({ secret })],
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
