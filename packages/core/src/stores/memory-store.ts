import { PimConfigurationError } from '../errors.js';
import { FingerprintTable } from './fingerprint-table.js';
import type { ClaimResult, IdempotencyStore } from './store.js';

export interface MemoryStoreOptions {
  /**
   * Most keys kept: the store remembers the last `maxEntries` keys claimed (less those released
   * after a failure), forgetting the one claimed longest ago first, so memory stays bounded
   * whatever the traffic; a forgotten key only means a very late retry is handled again.
   * Default 100 000. The store grows as keys arrive, to about 27 bytes a key when full (2.7 MB for
   * the default); at most 16 777 216 keys (about 420 MB): beyond that, use the Redis store.
   */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Most keys a memory store holds: 2^24, some 420 MB when full. */
const MAX_ENTRIES = 16_777_216;

/**
 * The default idempotency store: one process, bounded, in memory. Use the Redis store
 * (`@pimhooks/redis`) when several instances receive the same webhooks.
 *
 * Each key is held as one number, its expiry time (negated while the key is in flight), in a
 * `FingerprintTable`: typed arrays (about 2.7 MB for 100 000 keys) that the garbage collector
 * never has to walk. Keys are compared by 64-bit fingerprint: two
 * different keys are taken for one with odds of about 10^-14 per event at 100 000 keys held.
 */
export class MemoryStore implements IdempotencyStore {
  private readonly table: FingerprintTable;
  private readonly now: () => number;
  // The key claimed last and its slot: a synchronous handler completes it right after its claim,
  // and then it need not be looked up again.
  private lastClaimed: string | undefined;
  private lastSlot = -1;

  constructor(options: MemoryStoreOptions = {}) {
    const max = options.maxEntries ?? 100_000;
    if (!Number.isInteger(max) || max < 1 || max > MAX_ENTRIES) {
      throw new PimConfigurationError(
        `memoryStore: maxEntries must be a whole number from 1 to ${MAX_ENTRIES}, got ${max}. ` +
          'It holds about 27 bytes a key in memory; keep more keys in the Redis store.',
      );
    }
    this.table = new FingerprintTable(max);
    this.now = options.now ?? Date.now;
  }

  /** Number of keys held (expired ones included until they are touched or evicted). */
  get size(): number {
    return this.table.size;
  }

  claim(key: string, leaseMs: number): ClaimResult {
    const now = this.now();
    const { table } = this;
    const slot = table.find(key);
    if (slot !== -1) {
      const entry = table.value(slot);
      if (entry > now) return 'completed';
      if (-entry > now) return 'in_flight';
      // Expired: claimed anew, as the newest key in the eviction order.
      table.remove(slot);
    }
    this.lastSlot = table.addFound(-(now + leaseMs));
    this.lastClaimed = key;
    return 'claimed';
  }

  complete(key: string, ttlMs: number): void {
    const { table } = this;
    const slot =
      key === this.lastClaimed && table.holdsLastFound(this.lastSlot) ? this.lastSlot : table.find(key);
    // Updated where it stands: the key keeps its place in the eviction order, by the time it was
    // claimed, moments earlier. A key evicted meanwhile is added anew.
    if (slot === -1) table.addFound(this.now() + ttlMs);
    else table.setValue(slot, this.now() + ttlMs);
  }

  release(key: string): void {
    const slot = this.table.find(key);
    if (slot !== -1) this.table.remove(slot);
  }
}

/** A bounded in-memory idempotency store for a single process. */
export function memoryStore(options?: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options);
}
