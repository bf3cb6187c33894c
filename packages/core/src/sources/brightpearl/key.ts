import { stringsEqual } from '../../crypto/signature.js';
import { PimConfigurationError, PimWebhookError } from '../../errors.js';
import type { IncomingDelivery } from '../../source.js';

/** Shortest key accepted: the key is the only thing that authenticates a Brightpearl delivery. */
export const BRIGHTPEARL_MIN_KEY_LENGTH = 16;

/** Check the configured key(s) once, at setup. */
export function brightpearlKeys(key: string | readonly string[]): readonly string[] {
  const list = typeof key === 'string' ? [key] : Array.isArray(key) ? [...key] : [];
  if (list.length === 0 || list.some((k) => typeof k !== 'string')) {
    throw new PimConfigurationError('brightpearl: `key` must be a string or a list of strings.');
  }
  if (list.some((k) => k.length < BRIGHTPEARL_MIN_KEY_LENGTH)) {
    throw new PimConfigurationError(
      `brightpearl: every \`key\` must be at least ${BRIGHTPEARL_MIN_KEY_LENGTH} characters long: ` +
        'Brightpearl signs nothing, so this key alone authenticates deliveries. Use a long random value, ' +
        "e.g. crypto.randomBytes(24).toString('base64url').",
    );
  }
  return list;
}

/**
 * Compare the key in the URL with every configured key in constant time: the first path segment
 * after the mount path, or the given query parameter.
 */
export function verifyBrightpearlKey(
  delivery: IncomingDelivery,
  keys: readonly string[],
  queryParameter: string | undefined,
): PimWebhookError | undefined {
  let received: string | undefined;
  if (queryParameter === undefined) {
    received = delivery.pathSegments[0];
  } else {
    const values = delivery.query.getAll(queryParameter);
    if (values.length > 1) {
      return new PimWebhookError(
        'token_invalid',
        `The ${queryParameter} query parameter was sent more than once.`,
        {
          source: 'brightpearl',
        },
      );
    }
    received = values[0];
  }
  if (received === undefined || received === '') {
    return new PimWebhookError(
      'token_missing',
      queryParameter === undefined
        ? 'The URL has no key: Brightpearl deliveries go to /webhooks/brightpearl/<key>.'
        : `The URL has no ${queryParameter} query parameter holding the key.`,
      { source: 'brightpearl' },
    );
  }
  let match = false;
  for (const key of keys) {
    if (stringsEqual(received, key)) match = true;
  }
  return match
    ? undefined
    : new PimWebhookError('token_invalid', 'The key in the URL does not match the configured key.', {
        source: 'brightpearl',
      });
}
