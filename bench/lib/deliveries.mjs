// Signed Bluestone deliveries for the benchmarks. Every body carries its own timestamp, so no two
// deliveries of one run are equal and deduplication never short-circuits the work being measured.
import { createHmac } from 'node:crypto';
import { bluestoneExamples } from '@pimhooks/testing';

export const SECRET = 'pimhooks-bench-secret';
export const SIGNATURE_HEADER = 'x-bs-signature';

const EXAMPLE_EVENTS = bluestoneExamples.map((example) => JSON.stringify(example.body.events[0]));
const SMALLEST_EVENT = '{"changes":{"eventType":"CATEGORY_REMOVED","entityIds":["c1"]}}';

// One process-wide sequence: deliveries built for different runs never collide either.
const base = Date.now();
let sequence = 0;

export function sign(body) {
  return createHmac('sha256', SECRET).update(body).digest('hex');
}

/**
 * A distinct delivery body of `eventCount` documented example events, rotating through the 25
 * Bluestone types (a realistic mix); `smallest` gives the smallest valid one-event body instead.
 */
export function bluestoneBody(eventCount = 1, { smallest = false } = {}) {
  const seq = sequence++;
  const events = [];
  for (let i = 0; i < eventCount; i++) {
    events.push(smallest ? SMALLEST_EVENT : EXAMPLE_EVENTS[(seq + i) % EXAMPLE_EVENTS.length]);
  }
  return `{"timestamp":${base + seq},"events":[${events.join(',')}]}`;
}

/** A signed delivery: `{ body: Buffer, signature }`. */
export function signedDelivery(eventCount = 1, options) {
  const body = Buffer.from(bluestoneBody(eventCount, options));
  return { body, signature: sign(body) };
}

/** `count` distinct signed one-event deliveries. */
export function deliveryPool(count, eventCount = 1) {
  const pool = new Array(count);
  for (let i = 0; i < count; i++) pool[i] = signedDelivery(eventCount);
  return pool;
}
