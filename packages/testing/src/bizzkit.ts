// Bizzkit tokens written by hand with node:crypto (RFC 7515/7516/7518), on purpose not with the JOSE
// library core verifies with: a test token from the verifier's own library could hide a shared bug.
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import type { TestDelivery } from './delivery.js';

/** Signing algorithms Bizzkit may use. `none`, `RS256` and `ES256` exist to test that they are refused. */
export type BizzkitTestAlgorithm = 'HS256' | 'HS384' | 'HS512' | 'none' | 'RS256' | 'ES256';

/** Content encryptions of a `dir` JWE. */
export type BizzkitTestEncryption = 'A128CBC-HS256' | 'A256CBC-HS512' | 'A256GCM';

/** How `bizzkitToken` builds a token. */
export interface BizzkitTokenOptions {
  /** The webhook secret; its UTF-8 bytes are the HMAC key and the JWE key. */
  secret: string;
  /** Default HS256. `none` gives an unsigned token; RS256/ES256 a token with that header and junk signature. */
  alg?: BizzkitTestAlgorithm;
  /** Seconds from `now` until `exp`. Default 300. `null`: no `exp` claim. Negative: already expired. */
  expiresIn?: number | null;
  /** Seconds from `now` for `nbf`; left out by default. */
  notBefore?: number;
  /** The clock, in epoch seconds. Default: now. */
  now?: number;
  /** More claims. */
  claims?: Record<string, unknown>;
  /** Wrap the signed token in a `dir` JWE with this content encryption. */
  encrypt?: BizzkitTestEncryption;
  /**
   * The JWE key; default the secret's UTF-8 bytes. Set it to produce tokens a receiver must refuse
   * (a key of the wrong length for `encrypt`).
   */
  encryptionKey?: Uint8Array;
}

const HMAC_HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

function b64url(input: Uint8Array | string): string {
  return Buffer.from(input).toString('base64url');
}

function sign(alg: BizzkitTestAlgorithm, key: Uint8Array, input: string): string {
  if (alg === 'none') return '';
  if (alg === 'RS256' || alg === 'ES256') return b64url(randomBytes(alg === 'RS256' ? 256 : 64));
  return createHmac(HMAC_HASH[alg], key).update(input).digest('base64url');
}

/** A compact JWS: base64url(header).base64url(claims).base64url(signature). */
function compactJws(alg: BizzkitTestAlgorithm, key: Uint8Array, claims: Record<string, unknown>): string {
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${sign(alg, key, input)}`;
}

const KEY_BYTES: Readonly<Record<BizzkitTestEncryption, number>> = {
  'A128CBC-HS256': 32,
  'A256CBC-HS512': 64,
  A256GCM: 32,
};

/** The 64-bit big-endian length in bits of the additional authenticated data (RFC 7518 5.2.2.1). */
function aadLengthBits(aad: Buffer): Buffer {
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(aad.length) * 8n);
  return length;
}

/** A compact `dir` JWE of `plaintext`: header..iv.ciphertext.tag (the encrypted key is empty). */
function compactJwe(enc: BizzkitTestEncryption, key: Uint8Array, plaintext: string): string {
  if (key.length !== KEY_BYTES[enc]) {
    throw new Error(`${enc} needs a ${KEY_BYTES[enc]}-byte key; got ${key.length} bytes.`);
  }
  const header = b64url(JSON.stringify({ alg: 'dir', enc, cty: 'JWT' }));
  const aad = Buffer.from(header, 'ascii');
  if (enc === 'A256GCM') {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${header}..${b64url(iv)}.${b64url(ciphertext)}.${b64url(cipher.getAuthTag())}`;
  }
  // AES-CBC + HMAC (RFC 7518 5.2): the first half of the key authenticates, the second encrypts.
  const half = key.length / 2;
  const macKey = key.subarray(0, half);
  const encKey = key.subarray(half);
  const iv = randomBytes(16);
  const cipher = createCipheriv(enc === 'A128CBC-HS256' ? 'aes-128-cbc' : 'aes-256-cbc', encKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const mac = createHmac(enc === 'A128CBC-HS256' ? 'sha256' : 'sha512', macKey)
    .update(Buffer.concat([aad, iv, ciphertext, aadLengthBits(aad)]))
    .digest()
    .subarray(0, half);
  return `${header}..${b64url(iv)}.${b64url(ciphertext)}.${b64url(mac)}`;
}

/**
 * A Bearer token as Bizzkit makes it: a JWT signed with HMAC under the secret's UTF-8 bytes,
 * optionally encrypted (`dir`) under the same bytes.
 */
export function bizzkitToken(options: BizzkitTokenOptions): string {
  const key = new TextEncoder().encode(options.secret);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn === undefined ? 300 : options.expiresIn;
  const claims: Record<string, unknown> = {
    iat: now,
    ...(expiresIn === null ? {} : { exp: now + expiresIn }),
    ...(options.notBefore === undefined ? {} : { nbf: now + options.notBefore }),
    ...options.claims,
  };
  const jws = compactJws(options.alg ?? 'HS256', key, claims);
  return options.encrypt === undefined ? jws : compactJwe(options.encrypt, options.encryptionKey ?? key, jws);
}

/** How `signBizzkit` builds a delivery: the token options, plus where the event name goes. */
export interface BizzkitSignOptions extends Omit<BizzkitTokenOptions, 'secret'> {
  /** Send the event name in this header instead of the URL path. */
  eventNameHeader?: string;
  /** Use this exact token (e.g. a tampered one) instead of making one. */
  token?: string;
}

/**
 * A Bizzkit delivery of one event: the payload as JSON body, a Bearer token made with the secret,
 * and the event name as last path segment (`/webhooks/bizzkit/<eventName>`) or in a header.
 */
export function signBizzkit(
  eventName: string,
  payload: string | Record<string, unknown>,
  secret: string,
  options: BizzkitSignOptions = {},
): TestDelivery {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const { eventNameHeader, token, ...tokenOptions } = options;
  return {
    source: 'bizzkit',
    method: 'POST',
    pathSegments: eventNameHeader === undefined ? [eventName] : [],
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token ?? bizzkitToken({ ...tokenOptions, secret })}`,
      ...(eventNameHeader === undefined ? {} : { [eventNameHeader]: eventName }),
    },
    body,
  };
}

/** The same token with one character of its signature (last segment) changed: it must be refused. */
export function tamperToken(token: string): string {
  const at = token.lastIndexOf('.') + 1;
  const c = token[at] === 'A' ? 'B' : 'A';
  return `${token.slice(0, at)}${c}${token.slice(at + 1)}`;
}
