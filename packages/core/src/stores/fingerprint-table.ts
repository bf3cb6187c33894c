import { randomBytes } from 'node:crypto';

/**
 * A bounded table from keys to numbers that holds no JavaScript object per key: each key is kept
 * as a 64-bit fingerprint, in typed arrays that grow by doubling up to `capacity` (so a receiver
 * made for a test costs kilobytes, not the megabytes of a full store).
 *
 * Why: a deduplication store holds its keys for hours. Held in a `Map`, 100 000 keys are 100 000
 * strings that every garbage collection has to visit and that young collections copy on the way
 * to the old generation, in a table spread far wider than the CPU caches. Inside a loaded server
 * that came to several microseconds per event; this table costs a fraction of one.
 *
 * Slots form a ring in the order keys were added: when the ring is full (at `capacity`), adding a
 * key replaces the one added longest ago. An open-addressing index (linear probing, deletions by backward shift, so
 * no tombstones accumulate) finds a key's slot from its fingerprint.
 */
export class FingerprintTable {
  private high: Uint32Array;
  private low: Uint32Array;
  private values: Float64Array;
  private live: Uint8Array;
  /** Slot number + 1 at each position; 0 is an empty position. */
  private index: Int32Array;
  private mask: number;
  /** The slot the next key goes to: the one added longest ago once the ring is full. */
  private next = 0;
  private count = 0;
  // The fingerprint of the key last passed to `find` or `add`, kept in fields (not returned as an
  // array) so fingerprinting allocates nothing.
  private fpHigh = 0;
  private fpLow = 0;
  // Random per table, so that which keys share a fingerprint cannot be worked out in advance.
  private readonly seedHigh: number;
  private readonly seedLow: number;

  constructor(readonly capacity: number) {
    const seed = randomBytes(8);
    this.seedHigh = seed.readUInt32LE(0);
    this.seedLow = seed.readUInt32LE(4);
    const slots = Math.min(capacity, INITIAL_SLOTS);
    this.high = new Uint32Array(slots);
    this.low = new Uint32Array(slots);
    this.values = new Float64Array(slots);
    this.live = new Uint8Array(slots);
    this.index = new Int32Array(indexSizeFor(slots));
    this.mask = this.index.length - 1;
  }

  /** Number of keys held. */
  get size(): number {
    return this.count;
  }

  /** The slot holding `key`, or -1. */
  find(key: string): number {
    this.fingerprint(key);
    const { index, mask, high, low } = this;
    const h = this.fpHigh;
    const l = this.fpLow;
    for (let at = l & mask; ; at = (at + 1) & mask) {
      const entry = index[at] as number;
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (low[slot] === l && high[slot] === h) return slot;
    }
  }

  value(slot: number): number {
    return this.values[slot] as number;
  }

  setValue(slot: number, value: number): void {
    this.values[slot] = value;
  }

  /**
   * Add the key last passed to `find` (which must have returned -1) with `value`, replacing the key
   * added longest ago when the table is full. Returns its slot.
   */
  addFound(value: number): number {
    const slot = this.next;
    if (slot === this.high.length && slot < this.capacity) this.grow();
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.live[slot] === 1) this.remove(slot);
    this.high[slot] = this.fpHigh;
    this.low[slot] = this.fpLow;
    this.values[slot] = value;
    this.live[slot] = 1;
    this.count++;
    const { index, mask } = this;
    let at = this.fpLow & mask;
    while (index[at] !== 0) at = (at + 1) & mask;
    index[at] = slot + 1;
    return slot;
  }

  /**
   * Whether `slot` still holds the key last passed to `find` (no other key has been looked up
   * since, and the slot was neither evicted nor reused): then that key need not be looked up again.
   */
  holdsLastFound(slot: number): boolean {
    return this.live[slot] === 1 && this.high[slot] === this.fpHigh && this.low[slot] === this.fpLow;
  }

  /**
   * Double the slots (up to `capacity`) while the ring is still filling, and index the live ones
   * anew in an index twice their number. Amortized over the keys added, this is a few copies each.
   */
  private grow(): void {
    const slots = Math.min(this.capacity, this.high.length * 2);
    const high = new Uint32Array(slots);
    const low = new Uint32Array(slots);
    const values = new Float64Array(slots);
    const live = new Uint8Array(slots);
    high.set(this.high);
    low.set(this.low);
    values.set(this.values);
    live.set(this.live);
    const index = new Int32Array(indexSizeFor(slots));
    const mask = index.length - 1;
    for (let slot = 0; slot < this.high.length; slot++) {
      if (live[slot] !== 1) continue;
      let at = (low[slot] as number) & mask;
      while (index[at] !== 0) at = (at + 1) & mask;
      index[at] = slot + 1;
    }
    this.high = high;
    this.low = low;
    this.values = values;
    this.live = live;
    this.index = index;
    this.mask = mask;
  }

  /** Forget the key in `slot`. */
  remove(slot: number): void {
    const { index, mask, low } = this;
    let hole = (low[slot] as number) & mask;
    while (index[hole] !== slot + 1) hole = (hole + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole when their home position
    // allows, so every remaining key is still found before the first empty position.
    for (let at = (hole + 1) & mask; index[at] !== 0; at = (at + 1) & mask) {
      const entry = index[at] as number;
      const home = (low[entry - 1] as number) & mask;
      const staysPut = hole < at ? home > hole && home <= at : home > hole || home <= at;
      if (!staysPut) {
        index[hole] = entry;
        hole = at;
      }
    }
    index[hole] = 0;
    this.live[slot] = 0;
    this.count--;
  }

  /**
   * Two 32-bit multiplicative hashes of the key's UTF-16 code units, from the table's random seed,
   * each mixed into the other at the end: 64 bits, so a new key shares a fingerprint with one of
   * `capacity` held keys with odds of about capacity / 2^64 (some 10^-14 for 100 000 keys). Keys
   * come only from verified deliveries, and the seed keeps a sender from choosing colliding ones.
   */
  private fingerprint(key: string): void {
    let a = this.seedHigh ^ key.length;
    let b = this.seedLow ^ Math.imul(key.length, 0x85ebca6b);
    for (let i = 0; i < key.length; i++) {
      const unit = key.charCodeAt(i);
      a = Math.imul(a ^ unit, 0x01000193);
      b = Math.imul(b ^ unit, 0x5bd1e995);
    }
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    a ^= Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
    b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
    b ^= Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
    this.fpHigh = a >>> 0;
    this.fpLow = b >>> 0;
  }
}

/** Slots a table starts with; it doubles from there as keys arrive. */
const INITIAL_SLOTS = 1024;

/** An index at most half full, so probe sequences stay short: the power of two from twice `slots`. */
function indexSizeFor(slots: number): number {
  let size = 4;
  while (size < slots * 2) size *= 2;
  return size;
}
