/**
 * The token of each claim this process holds, so `release(key)` (which receives only the key) can
 * prove the claim in Redis is still ours. An entry lives from a successful claim to its
 * `complete`/`release`, so the map holds about as many entries as events running now. It is
 * bounded anyway: when full the oldest entry is dropped, and a release without a token leaves
 * the claim to expire at the end of its lease.
 */
export class ClaimTokens {
  // A Map keeps insertion order, so the first key is the oldest claim: eviction is O(1).
  private readonly tokens = new Map<string, string>();

  constructor(private readonly maxEntries: number) {}

  /** Number of claims tracked. */
  get size(): number {
    return this.tokens.size;
  }

  remember(key: string, token: string): void {
    this.tokens.delete(key);
    this.tokens.set(key, token);
    if (this.tokens.size > this.maxEntries) {
      const oldest = this.tokens.keys().next().value as string;
      this.tokens.delete(oldest);
    }
  }

  /** The token of our claim on `key`, forgotten as it is returned. */
  take(key: string): string | undefined {
    const token = this.tokens.get(key);
    this.tokens.delete(key);
    return token;
  }
}
