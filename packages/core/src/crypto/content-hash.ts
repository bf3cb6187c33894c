import { createHash } from 'node:crypto';

/** A short, stable hash of bytes, used as delivery id (and event id for vendors that send none). */
export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
}
