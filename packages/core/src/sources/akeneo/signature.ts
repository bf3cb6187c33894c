import type { HmacKey } from '../../crypto/hmac-key.js';
import { hexDigestsEqual } from '../../crypto/signature.js';
import { PimWebhookError } from '../../errors.js';
import type { IncomingDelivery } from '../../source.js';

/** Signature under the subscription's primary secret. */
export const AKENEO_SIGNATURE_PRIMARY_HEADER = 'x-akeneo-signature-primary';
/** Signature under the subscription's secondary secret, when it has one. */
export const AKENEO_SIGNATURE_SECONDARY_HEADER = 'x-akeneo-signature-secondary';
/** The algorithm Akeneo signed with; always `HmacSHA256` so far. */
export const AKENEO_SIGNATURE_ALGORITHM_HEADER = 'x-akeneo-signature-algorithm';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

function refuse(code: 'signature_missing' | 'signature_invalid', message: string): PimWebhookError {
  return new PimWebhookError(code, message, { source: 'akeneo' });
}

/**
 * Check an Akeneo delivery: each of the primary and secondary signature headers that is present
 * holds the hex HMAC-SHA256 of the exact body under one of the subscription's secrets. A delivery
 * is authentic when any header matches any configured secret, so rotating the secret on either
 * side never drops events. Every comparison runs, in constant time.
 */
export function verifyAkeneoSignature(
  delivery: IncomingDelivery,
  secrets: readonly HmacKey[],
): PimWebhookError | undefined {
  const algorithm = delivery.headers.get(AKENEO_SIGNATURE_ALGORITHM_HEADER);
  if (algorithm === null || (algorithm !== undefined && algorithm.trim().toLowerCase() !== 'hmacsha256')) {
    return refuse('signature_invalid', `The ${AKENEO_SIGNATURE_ALGORITHM_HEADER} header is not HmacSHA256.`);
  }
  const values: string[] = [];
  for (const name of [AKENEO_SIGNATURE_PRIMARY_HEADER, AKENEO_SIGNATURE_SECONDARY_HEADER]) {
    const value = delivery.headers.get(name);
    if (value === null) return refuse('signature_invalid', `The ${name} header was sent more than once.`);
    if (value !== undefined && value.trim() !== '') values.push(value.trim());
  }
  if (values.length === 0) {
    return refuse(
      'signature_missing',
      `Neither ${AKENEO_SIGNATURE_PRIMARY_HEADER} nor ${AKENEO_SIGNATURE_SECONDARY_HEADER} is present.`,
    );
  }
  const signatures = values.filter((v) => HEX_SHA256.test(v)).map((v) => v.toLowerCase());
  const digests = secrets.map((key) => key.hex(delivery.body));
  let match = false;
  for (const signature of signatures) {
    for (const digest of digests) if (hexDigestsEqual(digest, signature)) match = true;
  }
  return match
    ? undefined
    : refuse('signature_invalid', 'No Akeneo signature header matches the body under a configured secret.');
}
