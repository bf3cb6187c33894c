import { stringsEqual } from '../../crypto/signature.js';
import { PimConfigurationError, PimWebhookError } from '../../errors.js';
import type { IncomingDelivery } from '../../source.js';

/** The header Quable sends the value configured on the webhook in. */
export const QUABLE_TOKEN_HEADER = 'authorization';

const BEARER = /^bearer\s+/i;

/**
 * The secret part of a token: with or without a `Bearer ` prefix, on either side. Quable sends the
 * configured value verbatim, so whether the user typed the prefix into Quable, into pimhooks, into
 * both or neither, the same secret compares equal; the prefix itself is no secret.
 */
export function tokenSecret(value: string): string {
  return value.replace(BEARER, '');
}

/** Check and normalize the configured token(s), once, at setup. */
export function quableTokens(token: string | readonly string[] | undefined): readonly string[] | undefined {
  if (token === undefined) return undefined;
  const list = typeof token === 'string' ? [token] : [...token];
  if (list.length === 0 || list.some((t) => typeof t !== 'string' || tokenSecret(t).trim() === '')) {
    throw new PimConfigurationError(
      'quable: `token` must be a non-empty string or a list of non-empty strings (or left out, to accept unauthenticated events).',
    );
  }
  return list.map(tokenSecret);
}

/**
 * Compare the `Authorization` header with every configured token in constant time (all are tried,
 * so the time taken says nothing of which matched).
 */
export function verifyQuableToken(
  delivery: IncomingDelivery,
  tokens: readonly string[],
): PimWebhookError | undefined {
  const header = delivery.headers.get(QUABLE_TOKEN_HEADER);
  if (header === null) {
    return new PimWebhookError('token_invalid', 'The Authorization header was sent more than once.', {
      source: 'quable',
    });
  }
  if (header === undefined || header.trim() === '') {
    return new PimWebhookError('token_missing', 'The Authorization header is missing.', { source: 'quable' });
  }
  const received = tokenSecret(header.trim());
  let match = false;
  for (const token of tokens) {
    if (stringsEqual(received, token)) match = true;
  }
  return match
    ? undefined
    : new PimWebhookError('token_invalid', 'The Authorization header does not match the configured token.', {
        source: 'quable',
      });
}
