import { compactDecrypt, decodeProtectedHeader, jwtVerify } from 'jose';
import { type PimReasonCode, PimWebhookError } from '../../errors.js';
import type { IncomingDelivery } from '../../source.js';

/** HMAC algorithms a Bizzkit token may be signed with. */
export type BizzkitSigningAlgorithm = 'HS256' | 'HS384' | 'HS512';

/** Content encryptions a Bizzkit token may be encrypted with (key management is always `dir`). */
export type BizzkitEncryption = 'A128CBC-HS256' | 'A256CBC-HS512' | 'A256GCM';

/** Every signing algorithm accepted by default. */
export const BIZZKIT_SIGNING_ALGORITHMS: readonly BizzkitSigningAlgorithm[] = ['HS256', 'HS384', 'HS512'];

/**
 * The key each encryption needs, in bytes. With `dir` the secret's UTF-8 bytes are the key itself,
 * so a secret of another length cannot have produced a token with that encryption.
 */
export const BIZZKIT_ENCRYPTION_KEY_BYTES: Readonly<Record<BizzkitEncryption, number>> = {
  'A128CBC-HS256': 32,
  'A256CBC-HS512': 64,
  A256GCM: 32,
};

/** What the token check needs, resolved once at setup. */
export interface BizzkitTokenSettings {
  /** The UTF-8 bytes of each configured secret. */
  readonly keys: readonly Uint8Array[];
  readonly algorithms: readonly BizzkitSigningAlgorithm[];
  readonly clockToleranceSeconds: number;
  readonly issuer: string | readonly string[] | undefined;
  readonly audience: string | readonly string[] | undefined;
}

/** Tokens longer than this are refused unread: a real one is a few hundred bytes. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BEARER = /^Bearer +([A-Za-z0-9_.-]+) *$/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function refuse(code: PimReasonCode, message: string): PimWebhookError {
  return new PimWebhookError(code, message, { source: 'bizzkit' });
}

function headerOf(token: string): Record<string, unknown> | undefined {
  try {
    return decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : 'unknown';
}

/**
 * Check the `Authorization: Bearer <token>` of a Bizzkit delivery: a JWS signed with HMAC under the
 * secret's UTF-8 bytes, or a JWE (`dir`) under the same bytes wrapping such a JWS. `exp` is required;
 * `exp` and `nbf` are checked against the delivery's arrival time with the clock tolerance.
 * Messages say what is wrong, never the token.
 */
export async function verifyBizzkitToken(
  delivery: IncomingDelivery,
  settings: BizzkitTokenSettings,
): Promise<PimWebhookError | undefined> {
  const header = delivery.headers.get('authorization');
  if (header === null) return refuse('token_invalid', 'The Authorization header was sent more than once.');
  if (header === undefined || header.trim() === '') {
    return refuse('token_missing', 'The Authorization header is missing: Bizzkit sends a Bearer token.');
  }
  const match = BEARER.exec(header);
  if (match === null || match[1] === undefined) {
    return refuse('token_missing', 'The Authorization header does not hold a Bearer token.');
  }
  const token = match[1];
  if (token.length > MAX_TOKEN_LENGTH) return refuse('token_invalid', 'The Bearer token is too long.');
  const segments = token.split('.').length;
  if (segments === 5) {
    const inner = await decrypt(token, settings);
    if (inner instanceof PimWebhookError) return inner;
    return verifySigned(inner, delivery, settings, true);
  }
  if (segments === 3) return verifySigned(token, delivery, settings, false);
  return refuse('token_invalid', 'The Bearer token is neither a signed (JWS) nor an encrypted (JWE) JWT.');
}

async function decrypt(token: string, settings: BizzkitTokenSettings): Promise<string | PimWebhookError> {
  const protectedHeader = headerOf(token);
  if (protectedHeader === undefined)
    return refuse('token_invalid', 'The encrypted token has no readable header.');
  const { alg, enc } = protectedHeader;
  if (alg !== 'dir') {
    return refuse(
      'token_invalid',
      `The encrypted token uses key management "${String(alg)}"; Bizzkit encrypts with "dir" (the secret is the key).`,
    );
  }
  if (typeof enc !== 'string' || !Object.hasOwn(BIZZKIT_ENCRYPTION_KEY_BYTES, enc)) {
    return refuse(
      'token_invalid',
      `The encrypted token uses content encryption "${String(enc)}"; accepted: ${Object.keys(BIZZKIT_ENCRYPTION_KEY_BYTES).join(', ')}.`,
    );
  }
  const needed = BIZZKIT_ENCRYPTION_KEY_BYTES[enc as BizzkitEncryption];
  const keys = settings.keys.filter((key) => key.length === needed);
  if (keys.length === 0) {
    const lengths = [...new Set(settings.keys.map((key) => key.length))].join(' or ');
    return refuse(
      'token_invalid',
      `The token is encrypted with ${enc}, which needs a ${needed}-byte key, but the configured secret is ${lengths} bytes (UTF-8): ` +
        'it cannot have been encrypted with this secret. Check that the secret matches the one set on the Bizzkit webhook.',
    );
  }
  for (const key of keys) {
    try {
      const { plaintext } = await compactDecrypt(token, key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: [enc],
      });
      const inner = strictUtf8.decode(plaintext);
      if (inner.split('.').length !== 3) {
        return refuse(
          'token_invalid',
          'The encrypted token does not wrap a signed token; unsigned content is refused.',
        );
      }
      return inner;
    } catch {
      // Another configured secret may be the right one.
    }
  }
  return refuse('token_invalid', 'The encrypted token could not be decrypted with the configured secret.');
}

async function verifySigned(
  token: string,
  delivery: IncomingDelivery,
  settings: BizzkitTokenSettings,
  encrypted: boolean,
): Promise<PimWebhookError | undefined> {
  const what = encrypted ? 'The token inside the encrypted token' : 'The token';
  const protectedHeader = headerOf(token);
  if (protectedHeader === undefined) return refuse('token_invalid', `${what} has no readable header.`);
  const { alg } = protectedHeader;
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
    return refuse('token_invalid', `${what} is unsigned (alg "none"); only signed tokens are accepted.`);
  }
  if (!(settings.algorithms as readonly string[]).includes(alg)) {
    return refuse(
      'token_invalid',
      `${what} is signed with ${alg}; accepted: ${settings.algorithms.join(', ')} (an HMAC under the shared secret).`,
    );
  }
  let failure: PimWebhookError | undefined;
  for (const key of settings.keys) {
    try {
      await jwtVerify(token, key, {
        algorithms: [...settings.algorithms],
        clockTolerance: settings.clockToleranceSeconds,
        currentDate: delivery.receivedAt,
        requiredClaims: ['exp'],
        ...(settings.issuer === undefined ? {} : { issuer: settings.issuer as string | string[] }),
        ...(settings.audience === undefined ? {} : { audience: settings.audience as string | string[] }),
      });
      return undefined;
    } catch (error) {
      const code = codeOf(error);
      // A wrong signature may mean "another configured secret": keep trying. Claim failures come
      // after a good signature, so they are final.
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') {
        failure ??= refuse('token_invalid', `${what} signature does not match the configured secret.`);
        continue;
      }
      return claimFailure(error, code, what);
    }
  }
  return failure ?? refuse('token_invalid', `${what} could not be verified.`);
}

function claimFailure(error: unknown, code: string, what: string): PimWebhookError {
  if (code === 'ERR_JWT_EXPIRED') {
    return refuse('token_expired', `${what} has expired (beyond the clock tolerance).`);
  }
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const { claim, reason } = error as { claim?: unknown; reason?: unknown };
    if (claim === 'exp' && reason === 'missing') {
      return refuse('token_invalid', `${what} has no "exp" claim; a lifetime is required.`);
    }
    if (claim === 'nbf') return refuse('token_invalid', `${what} is not valid yet ("nbf" is in the future).`);
    return refuse('token_invalid', `${what} failed the "${String(claim)}" claim check (${String(reason)}).`);
  }
  return refuse('token_invalid', `${what} is malformed (${code}).`);
}
