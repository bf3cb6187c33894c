import type { QuableEventCode } from '@pimhooks/core';
import type { TestDelivery } from './delivery.js';
import { type QuableNotificationBody, quableExamples } from './fixtures/quable.js';

export interface QuableDeliveryOptions {
  /** The webhook's configured value, sent as the `Authorization` header. Left out: no header. */
  token?: string;
  /** Send the token as `Bearer <token>`. Default false (Quable sends the value as configured). */
  bearer?: boolean;
  /** A uuid of its own, to make a distinct event from the same example. */
  uuid?: string;
  /** Fields to set on top of the example (shallow). */
  overrides?: Partial<QuableNotificationBody>;
}

/** The example notification of a documented code, as a fresh copy. */
export function quableNotification(code: QuableEventCode): QuableNotificationBody {
  return structuredClone(quableExamples[code]);
}

/**
 * A Quable delivery: the example notification of `code` (or the given body) posted as JSON, with
 * the token in the `Authorization` header when one is given.
 */
export function quableDelivery(
  code: QuableEventCode | QuableNotificationBody | string,
  options: QuableDeliveryOptions = {},
): TestDelivery {
  let body: unknown;
  if (typeof code === 'string') {
    if (!Object.hasOwn(quableExamples, code)) {
      throw new Error(`No Quable example for "${code}". Known: ${Object.keys(quableExamples).join(', ')}`);
    }
    body = quableNotification(code as QuableEventCode);
  } else {
    body = structuredClone(code);
  }
  const notification = {
    ...(body as QuableNotificationBody),
    ...(options.uuid === undefined ? {} : { uuid: options.uuid }),
    ...options.overrides,
  };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token !== undefined) {
    headers.authorization = options.bearer === true ? `Bearer ${options.token}` : options.token;
  }
  return { source: 'quable', method: 'POST', pathSegments: [], headers, body: JSON.stringify(notification) };
}
