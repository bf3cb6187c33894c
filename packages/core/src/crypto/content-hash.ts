import { digestOf } from './one-shot-hash.js';

/** A short, stable hash of bytes, used as delivery id (and event id for vendors that send none). */
export function contentHash(bytes: Uint8Array | string): string {
  return digestOf('sha256', bytes, 'base64url').slice(0, 22);
}
