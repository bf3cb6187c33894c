/** What a claim found: the key is now ours, was already handled, or is being handled elsewhere. */
export type ClaimResult = 'claimed' | 'completed' | 'in_flight';

/**
 * Where deduplication state lives. `claim` must be atomic: of several concurrent claims of one key,
 * exactly one returns `'claimed'`. Methods may return plain values or promises.
 */
export interface IdempotencyStore {
  /**
   * Claim `key` for `leaseMs` milliseconds. After the lease an unfinished claim expires, so a
   * vendor retry can run the event again if this process died mid-way.
   */
  claim(key: string, leaseMs: number): ClaimResult | Promise<ClaimResult>;
  /** Mark `key` handled; copies arriving within `ttlMs` are duplicates. */
  complete(key: string, ttlMs: number): void | Promise<void>;
  /** Forget a claim after a failure, so the vendor's retry is processed. */
  release(key: string): void | Promise<void>;
}
