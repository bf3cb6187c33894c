import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';
import { PimConfigurationError } from '../errors.js';
import { type HmacAlgorithm, type HmacKey, isHmacKey } from './hmac-key.js';

/**
 * A key to check HMACs with: an `HmacKey` prepared once (fastest), a `KeyObject` from
 * `createSecretKey`, or the raw secret (taken as UTF-8 when a string).
 */
export type HmacKeyInput = string | Buffer | KeyObject | HmacKey;

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Decode a signature header value to bytes: hex or base64 (standard or URL alphabet), with an
 * optional `sha256=` style prefix. Returns `undefined` when it is neither.
 */
export function decodeSignature(value: string, prefix?: string): Buffer | undefined {
  return decodeSignatureText(stripPrefix(value.trim(), prefix));
}

/** `decodeSignature` of a value already trimmed and without its prefix. */
function decodeSignatureText(sig: string): Buffer | undefined {
  if (sig.length === 0 || sig.length > 1024) return undefined;
  if (sig.length % 2 === 0 && HEX.test(sig)) return Buffer.from(sig, 'hex');
  if (BASE64.test(sig)) return Buffer.from(sig, 'base64');
  return undefined;
}

/** `value` without a leading `prefix` (compared case-insensitively), if it has one. */
function stripPrefix(value: string, prefix: string | undefined): string {
  if (prefix === undefined || value.length <= prefix.length) return value;
  // A bare digest (the usual header) is told apart by its first character, without new strings.
  const first = value.charCodeAt(0);
  if (first < 128 && (first | 0x20) !== (prefix.charCodeAt(0) | 0x20)) return value;
  return value.slice(0, prefix.length).toLowerCase() === prefix ? value.slice(prefix.length) : value;
}

/** HMAC of the body under one key, in lowercase hex. */
export function hmacHex(algorithm: HmacAlgorithm, key: HmacKeyInput, body: Uint8Array): string {
  if (!isHmacKey(key)) return createHmac(algorithm, key).update(body).digest('hex');
  if (key.algorithm !== algorithm) {
    throw new PimConfigurationError(
      `An HmacKey made for ${key.algorithm} was passed to check a ${algorithm} HMAC.`,
    );
  }
  return key.hex(body);
}

/** HMAC of the body under one key, as bytes. */
export function hmac(algorithm: HmacAlgorithm, key: HmacKeyInput, body: Uint8Array): Buffer {
  return Buffer.from(hmacHex(algorithm, key, body), 'hex');
}

/** Constant-time equality of two byte strings; unequal lengths compare as unequal without leaking where. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/**
 * Whether `signature` is the HMAC of `body` under any of `keys`, compared in constant time.
 * Every key is tried so the time taken does not tell which key (if any) matched. Pass keys made
 * once with `new HmacKey(algorithm, secret)` when verifying often: each HMAC is then about twice
 * as fast as one computed from the raw secret.
 */
export function hmacMatchesAny(
  algorithm: HmacAlgorithm,
  keys: readonly HmacKeyInput[],
  body: Uint8Array,
  signature: Uint8Array,
): boolean {
  let match = false;
  for (const key of keys) {
    if (bytesEqual(hmac(algorithm, key, body), signature)) match = true;
  }
  return match;
}

/** Hex digits in a digest of each algorithm. */
const HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 } as const;

/**
 * Whether the signature header `value` (hex or base64, optionally after a `sha256=` style
 * `prefix`, as `decodeSignature` reads it) is the HMAC of `body` under any of `keys`. Every key is
 * tried and every comparison runs in constant time.
 *
 * A hex signature is compared with the hex digest as text: the common case then allocates no
 * Buffer for either side, which is most of the cost of a check besides the HMAC itself. The two
 * forms cannot be confused: a digest's hex text never has the length of a digest's base64 text.
 */
export function hmacSignatureMatches(
  algorithm: HmacAlgorithm,
  keys: readonly HmacKeyInput[],
  body: Uint8Array,
  value: string,
  prefix?: string,
): boolean {
  const sig = stripPrefix(value.trim(), prefix);
  if (sig.length !== HEX_LENGTH[algorithm]) {
    const signature = decodeSignatureText(sig);
    return signature !== undefined && hmacMatchesAny(algorithm, keys, body, signature);
  }
  const expected = sig.toLowerCase();
  let match = false;
  for (const key of keys) {
    if (hexDigestsEqual(hmacHex(algorithm, key, body), expected)) match = true;
  }
  return match;
}

/**
 * Constant-time equality of two hex digests: strings whose length is public (that of the digest).
 * Every character is compared, with no branch on their values; a non-hex character simply never
 * matches. Both must be in one case (digests are lowercase).
 */
export function hexDigestsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** Constant-time comparison of two strings (for static tokens and URL keys). */
export function stringsEqual(a: string, b: string): boolean {
  // Hashing both sides first gives equal-length inputs, so the length of the secret does not leak either.
  const ha = createHmac('sha256', 'pimhooks/compare').update(a).digest();
  const hb = createHmac('sha256', 'pimhooks/compare').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
