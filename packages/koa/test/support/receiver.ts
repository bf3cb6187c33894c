import type { PimReceiverOptions } from '@pimhooks/core';
import { type RecordingReceiver, recordingReceiver as record } from '@pimhooks/testing';

export type { RecordingReceiver };

export const SECRET = 'koa-adapter-test-secret';

/** A Bluestone receiver with this suite's secret that records what it handled and reported. */
export function recordingReceiver(options: Partial<PimReceiverOptions> = {}): RecordingReceiver {
  return record(SECRET, options);
}
