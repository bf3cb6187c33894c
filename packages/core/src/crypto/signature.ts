import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Decode a signature header value to bytes: hex or base64 (standard or URL alphabet), with an
 * optional `sha256=` style prefix. Returns `undefined` when it is neither.
 */
export function decodeSignature(value: string, prefix?: string): Buffer | undefined {
  let sig = value.trim();
  if (
    prefix !== undefined &&
    sig.length > prefix.length &&
    sig.slice(0, prefix.length).toLowerCase() === prefix
  ) {
    sig = sig.slice(prefix.length);
  }
  if (sig.length === 0 || sig.length > 1024) return undefined;
  if (sig.length % 2 === 0 && HEX.test(sig)) return Buffer.from(sig, 'hex');
  if (BASE64.test(sig)) return Buffer.from(sig, 'base64');
  return undefined;
}

/** HMAC of the body under one key. */
export function hmac(
  algorithm: 'sha256' | 'sha384' | 'sha512',
  key: string | Buffer | KeyObject,
  body: Uint8Array,
): Buffer {
  return createHmac(algorithm, key).update(body).digest();
}

/** Constant-time equality of two byte strings; unequal lengths compare as unequal without leaking where. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/**
 * Whether `signature` is the HMAC of `body` under any of `keys`, compared in constant time.
 * Every key is tried so the time taken does not tell which key (if any) matched. Pass keys made
 * once with `createSecretKey` when verifying often: each HMAC then skips importing the raw key.
 */
export function hmacMatchesAny(
  algorithm: 'sha256' | 'sha384' | 'sha512',
  keys: readonly (string | Buffer | KeyObject)[],
  body: Uint8Array,
  signature: Uint8Array,
): boolean {
  let match = false;
  for (const key of keys) {
    if (bytesEqual(hmac(algorithm, key, body), signature)) match = true;
  }
  return match;
}

/** Constant-time comparison of two strings (for static tokens and URL keys). */
export function stringsEqual(a: string, b: string): boolean {
  // Hashing both sides first gives equal-length inputs, so the length of the secret does not leak either.
  const ha = createHmac('sha256', 'pimhooks/compare').update(a).digest();
  const hb = createHmac('sha256', 'pimhooks/compare').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
