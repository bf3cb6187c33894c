import { PimWebhookError } from '../../errors.js';

/** One item of a Bluestone delivery's `events` array, checked only as far as routing needs. */
export interface BluestoneRawEvent {
  readonly changes: { readonly eventType: string; readonly [key: string]: unknown };
}

export interface BluestoneEnvelope {
  /** Epoch milliseconds when Bluestone sent the delivery; covered by the signature. */
  readonly timestamp: number | undefined;
  readonly events: readonly BluestoneRawEvent[];
}

function invalid(message: string): PimWebhookError {
  return new PimWebhookError('invalid_envelope', message, { source: 'bluestone' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Check the `{ timestamp, events: [{ changes: { eventType, ... } }] }` envelope. */
export function readBluestoneEnvelope(body: unknown): BluestoneEnvelope {
  if (!isObject(body)) throw invalid('A Bluestone delivery is a JSON object with an "events" array.');
  const { timestamp, events } = body;
  if (!Array.isArray(events)) throw invalid('A Bluestone delivery has an "events" array.');
  if (timestamp !== undefined && (typeof timestamp !== 'number' || !Number.isFinite(timestamp))) {
    throw invalid('The "timestamp" of a Bluestone delivery is a number of milliseconds.');
  }
  for (let i = 0; i < events.length; i++) {
    const item: unknown = events[i];
    if (!isObject(item) || !isObject(item.changes) || typeof item.changes.eventType !== 'string') {
      throw invalid(`events[${i}] is not of the form { "changes": { "eventType": "...", ... } }.`);
    }
  }
  return { timestamp, events: events as BluestoneRawEvent[] };
}
