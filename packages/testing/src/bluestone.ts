import { createHmac } from 'node:crypto';
import { BLUESTONE_SIGNATURE_HEADER } from '@pimhooks/core';
import type { TestDelivery } from './delivery.js';
import { type BluestoneDeliveryBody, bluestoneExamples } from './fixtures/bluestone.js';

export interface BluestoneSignOptions {
  /** How the signature is written. Default `hex` (what Bluestone sends). */
  encoding?: 'hex' | 'base64';
  /** Prefix the signature with `sha256=`. Default false. */
  prefix?: boolean;
}

/** The `x-bs-signature` value for a body: HMAC-SHA256 under the secret. */
export function bluestoneSignature(body: string, secret: string, options: BluestoneSignOptions = {}): string {
  const digest = createHmac('sha256', secret)
    .update(body)
    .digest(options.encoding ?? 'hex');
  return options.prefix === true ? `sha256=${digest}` : digest;
}

/** A signed Bluestone delivery of `body` (an object is serialized as JSON). */
export function signBluestone(
  body: string | BluestoneDeliveryBody,
  secret: string,
  options: BluestoneSignOptions = {},
): TestDelivery {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    source: 'bluestone',
    method: 'POST',
    pathSegments: [],
    headers: {
      'content-type': 'application/json',
      [BLUESTONE_SIGNATURE_HEADER]: bluestoneSignature(text, secret, options),
    },
    body: text,
  };
}

export interface BluestoneBatchOptions extends BluestoneSignOptions {
  /** The delivery's `timestamp` (epoch ms). Default: now. */
  timestamp?: number;
}

/**
 * A signed delivery carrying the documented example of each given event type, in one batch.
 * With `timestamp` left out it is "now", so two calls give two distinct deliveries.
 */
export function bluestoneBatch(
  types: readonly string[],
  secret: string,
  options: BluestoneBatchOptions = {},
): TestDelivery {
  const events = types.map((type) => {
    const example = bluestoneExamples.find((e) => e.type === type);
    if (example === undefined) {
      throw new Error(
        `No documented Bluestone example for "${type}". Known: ${bluestoneExamples.map((e) => e.type).join(', ')}`,
      );
    }
    return structuredClone(example.body.events[0]!);
  });
  return signBluestone({ timestamp: options.timestamp ?? Date.now(), events }, secret, options);
}

/** The same delivery with its body altered after signing: it must be refused. */
export function tamperBody(delivery: TestDelivery): TestDelivery {
  const body = delivery.body.replace(/"entityIds":\[/, '"entityIds":["forged",');
  return { ...delivery, body: body === delivery.body ? `${delivery.body} ` : body };
}
