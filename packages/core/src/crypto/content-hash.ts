import { hash } from 'node:crypto';

/** A short, stable hash of bytes, used as delivery id (and event id for vendors that send none). */
export function contentHash(bytes: Uint8Array | string): string {
  // One-shot `hash` (no Hash object) is about twice as fast on webhook-sized bodies.
  return hash('sha256', bytes, 'base64url').slice(0, 22);
}
