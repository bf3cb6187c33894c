import type { HmacKey } from '../../crypto/hmac-key.js';
import { hmacSignatureMatches } from '../../crypto/signature.js';
import { PimWebhookError } from '../../errors.js';
import type { IncomingDelivery } from '../../source.js';

export const BLUESTONE_SIGNATURE_HEADER = 'x-bs-signature';

/**
 * Check `x-bs-signature`: HMAC-SHA256 of the exact body bytes under the webhook secret, sent as hex
 * or base64, with or without a `sha256=` prefix. Any of the configured secrets may match (rotation).
 */
export function verifyBluestoneSignature(
  delivery: IncomingDelivery,
  secrets: readonly HmacKey[],
): PimWebhookError | undefined {
  const header = delivery.headers.get(BLUESTONE_SIGNATURE_HEADER);
  if (header === undefined || header === '') {
    return new PimWebhookError('signature_missing', `The ${BLUESTONE_SIGNATURE_HEADER} header is missing.`, {
      source: 'bluestone',
    });
  }
  if (header === null) {
    return new PimWebhookError(
      'signature_invalid',
      `The ${BLUESTONE_SIGNATURE_HEADER} header was sent more than once.`,
      {
        source: 'bluestone',
      },
    );
  }
  if (!hmacSignatureMatches('sha256', secrets, delivery.body, header, 'sha256=')) {
    return new PimWebhookError(
      'signature_invalid',
      `The ${BLUESTONE_SIGNATURE_HEADER} signature does not match the body under any configured secret.`,
      { source: 'bluestone' },
    );
  }
  return undefined;
}
