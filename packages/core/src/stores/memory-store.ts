import { PimConfigurationError } from '../errors.js';
import type { ClaimResult, IdempotencyStore } from './store.js';

export interface MemoryStoreOptions {
  /**
   * Most keys kept. When full, the oldest entries are forgotten first, so memory stays bounded
   * whatever the traffic; a forgotten key only means a very late retry is handled again.
   * Default 100 000 (about 20 MB).
   */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * An entry is one number: its expiry time, negated while the key is in flight. A store holds up to
 * `maxEntries` of them for hours, so an object per entry would be a large share of its memory and
 * of the garbage collector's work.
 */
type Entry = number;

/**
 * The default idempotency store: one process, bounded, in memory. Use the Redis store
 * (`@pimhooks/redis`) when several instances receive the same webhooks.
 */
export class MemoryStore implements IdempotencyStore {
  // A Map iterates in insertion order; entries are re-inserted on every change, so the first
  // key is always the least recently written one, which makes eviction O(1).
  private readonly entries = new Map<string, Entry>();
  // One live iterator, kept across evictions. A fresh `keys()` iterator would start at the head of
  // the table and step over every slot left by earlier deletions (tens of microseconds per
  // eviction with a full store); this one resumes where the last eviction stopped. Every live key
  // lies ahead of it, since keys are only ever added at the end.
  private oldest: MapIterator<string> = this.entries.keys();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    const max = options.maxEntries ?? 100_000;
    if (!Number.isInteger(max) || max < 1) {
      throw new PimConfigurationError(`memoryStore: maxEntries must be a positive integer, got ${max}.`);
    }
    this.maxEntries = max;
    this.now = options.now ?? Date.now;
  }

  /** Number of keys held (expired ones included until they are touched or evicted). */
  get size(): number {
    return this.entries.size;
  }

  claim(key: string, leaseMs: number): ClaimResult {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      if (entry > now) return 'completed';
      if (-entry > now) return 'in_flight';
    }
    this.write(key, -(now + leaseMs));
    return 'claimed';
  }

  complete(key: string, ttlMs: number): void {
    this.write(key, this.now() + ttlMs);
  }

  release(key: string): void {
    this.entries.delete(key);
  }

  private write(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      let next = this.oldest.next();
      if (next.done === true) {
        this.oldest = this.entries.keys();
        next = this.oldest.next();
      }
      this.entries.delete(next.value as string);
    }
  }
}

/** A bounded in-memory idempotency store for a single process. */
export function memoryStore(options?: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options);
}
