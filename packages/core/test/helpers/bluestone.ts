import { createHmac } from 'node:crypto';
import { bluestoneExamples } from '../../../testing/src/fixtures/bluestone.js';
import {
  type BluestoneOptions,
  bluestone,
  createPimReceiver,
  type PimErrorContext,
  type PimLogger,
  type PimReceiverOptions,
  type PimRequest,
  type PimWebhookError,
} from '../../src/index.js';

// Core cannot depend on @pimhooks/testing (it depends on core), so tests read its fixture data
// directly and sign here with node:crypto: an implementation independent of the one under test.
export { bluestoneExamples };

export const SECRET = 'LongAndSecretPassword';

export function sign(body: string, secret = SECRET, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHmac('sha256', secret).update(body).digest(encoding);
}

/** A signed Bluestone request for `body` (objects are serialized). */
export function request(body: unknown, headers: Record<string, string> = {}): PimRequest {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    source: 'bluestone',
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-bs-signature': sign(text), ...headers },
    body: text,
  };
}

/** A delivery body carrying the documented example of each type, in one batch. */
export function batchOf(types: readonly string[], timestamp = 1_700_000_000_000): unknown {
  return {
    timestamp,
    events: types.map((type) => {
      const example = bluestoneExamples.find((e) => e.type === type);
      if (example === undefined) throw new Error(`no example for ${type}`);
      return structuredClone(example.body.events[0]);
    }),
  };
}

/** Everything the receiver logged, to assert on (and to check nothing secret leaks). */
export class CapturingLogger implements PimLogger {
  readonly lines: string[] = [];
  warn(message: string, details?: Record<string, unknown>): void {
    this.lines.push(`warn ${message} ${JSON.stringify(details ?? {})}`);
  }
  error(message: string, details?: Record<string, unknown>): void {
    this.lines.push(`error ${message} ${JSON.stringify(details ?? {})}`);
  }
}

/** A receiver with Bluestone, a capturing logger, and the errors reported to onError. */
export function setup(
  options: Partial<BluestoneOptions> = {},
  receiverOptions: Partial<PimReceiverOptions> = {},
) {
  const logger = new CapturingLogger();
  const errors: PimWebhookError[] = [];
  const contexts: PimErrorContext[] = [];
  const receiver = createPimReceiver({
    sources: [bluestone({ secret: SECRET, ...options })],
    logger,
    onError: (error, context) => {
      errors.push(error);
      contexts.push(context);
    },
    ...receiverOptions,
  });
  return { receiver, logger, errors, contexts };
}

/** The signature of raw bytes (for bodies that are not valid UTF-8). */
export function signBytes(bytes: Uint8Array, secret = SECRET): string {
  return createHmac('sha256', secret).update(bytes).digest('hex');
}
