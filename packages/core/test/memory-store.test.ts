import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClaimResult, MemoryStore, memoryStore, PimConfigurationError } from '../src/index.js';

describe('MemoryStore', () => {
  it('claims once, reports in-flight and completed keys, and forgets released ones', () => {
    const store = memoryStore();
    expect(store.claim('a', 1000)).toBe('claimed');
    expect(store.claim('a', 1000)).toBe('in_flight');
    store.complete('a', 1000);
    expect(store.claim('a', 1000)).toBe('completed');
    expect(store.claim('b', 1000)).toBe('claimed');
    store.release('b');
    expect(store.claim('b', 1000)).toBe('claimed');
  });

  it('lets a lease and a completion expire', () => {
    let now = 0;
    const store = new MemoryStore({ now: () => now });
    store.claim('lease', 100);
    now = 99;
    expect(store.claim('lease', 100)).toBe('in_flight');
    now = 200;
    expect(store.claim('lease', 100)).toBe('claimed');
    store.complete('done', 50);
    now = 249;
    expect(store.claim('done', 100)).toBe('completed');
    now = 251;
    expect(store.claim('done', 100)).toBe('claimed');
  });

  it('stays bounded, forgetting the keys claimed longest ago first', () => {
    const store = memoryStore({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++) {
      store.claim(`k${i}`, 60_000);
      if (i % 2 === 0) store.complete(`k${i}`, 60_000);
    }
    expect(store.size).toBe(100);
    expect(store.claim('k999', 60_000)).toBe('in_flight');
    expect(store.claim('k998', 60_000)).toBe('completed');
    expect(store.claim('k0', 60_000)).toBe('claimed');
  });

  it('orders eviction by claim: completing a key keeps its place, claiming an expired one moves it last', () => {
    let now = 0;
    const store = new MemoryStore({ maxEntries: 3, now: () => now });
    store.claim('a', 1000);
    store.claim('b', 1000);
    store.claim('c', 5000);
    store.complete('b', 1000); // keeps its place, second oldest
    now = 2000; // the leases of a and b's completion have expired; c is still in flight
    expect(store.claim('a', 1000)).toBe('claimed'); // claimed anew: a is now the newest
    store.claim('d', 1000); // evicts b, the oldest claim
    expect(store.size).toBe(3);
    expect(store.claim('c', 1000)).toBe('in_flight');
    expect(store.claim('a', 1000)).toBe('in_flight');
    expect(store.claim('b', 1000)).toBe('claimed'); // forgotten, so claimable again (evicts c)
    expect(store.claim('c', 1000)).toBe('claimed');
  });

  it('keeps a completed key that was evicted and written again', () => {
    const store = memoryStore({ maxEntries: 2 });
    store.claim('a', 1000);
    store.claim('b', 1000);
    store.claim('c', 1000); // evicts a while its handler would still run
    store.complete('a', 60_000); // recorded again, as the newest
    expect(store.size).toBe(2);
    expect(store.claim('a', 1000)).toBe('completed');
    expect(store.claim('b', 1000)).toBe('claimed'); // b was evicted to make room for a
  });

  it.each([0, -1, 1.5, Number.NaN, 16_777_217, Number.MAX_SAFE_INTEGER])(
    'refuses maxEntries %s',
    (maxEntries) => {
      expect(() => memoryStore({ maxEntries })).toThrow(PimConfigurationError);
      expect(() => memoryStore({ maxEntries })).toThrow(/from 1 to 16777216.*Redis store/);
    },
  );

  it('never holds more than maxEntries keys, whatever the sequence of operations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.constantFrom('claim', 'complete', 'release'), fc.nat(60)), { maxLength: 300 }),
        (maxEntries, ops) => {
          const store = memoryStore({ maxEntries });
          for (const [op, key] of ops) {
            if (op === 'claim') store.claim(`k${key}`, 1000);
            else if (op === 'complete') store.complete(`k${key}`, 1000);
            else store.release(`k${key}`);
            expect(store.size).toBeLessThanOrEqual(maxEntries);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers like a plain reference model while nothing is evicted, leases and TTLs included', () => {
    type Op = ['claim' | 'complete' | 'release', number, number] | ['tick', number, number];
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.tuple(fc.constantFrom('claim', 'complete', 'release'), fc.nat(8), fc.integer({ min: 1, max: 50 })),
      fc.tuple(fc.constant('tick'), fc.nat(60), fc.constant(0)),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        let now = 0;
        const store = new MemoryStore({ now: () => now, maxEntries: 1000 });
        const model = new Map<string, { state: 'in_flight' | 'completed'; until: number }>();
        for (const [name, n, ms] of ops) {
          if (name === 'tick') {
            now += n;
            continue;
          }
          const key = `k${n}`;
          if (name === 'claim') {
            const entry = model.get(key);
            let expected: ClaimResult;
            if (entry !== undefined && entry.until > now) expected = entry.state;
            else {
              model.set(key, { state: 'in_flight', until: now + ms });
              expected = 'claimed';
            }
            expect(store.claim(key, ms)).toBe(expected);
          } else if (name === 'complete') {
            store.complete(key, ms);
            model.set(key, { state: 'completed', until: now + ms });
          } else {
            store.release(key);
            model.delete(key);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps exactly the most recently claimed keys after heavy eviction', () => {
    const store = memoryStore({ maxEntries: 50 });
    const released = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      store.claim(`k${i}`, 60_000);
      // Deletions in the middle of the table, between evictions.
      if (i % 7 === 0) {
        store.release(`k${i - 3}`);
        released.add(`k${i - 3}`);
      }
    }
    expect(store.size).toBeLessThanOrEqual(50);
    // The newest keys are all still held (unless released); an old one was forgotten.
    const newest = Array.from({ length: 30 }, (_, n) => `k${4970 + n}`).filter((k) => !released.has(k));
    expect(newest.length).toBeGreaterThan(20);
    for (const key of newest) expect(store.claim(key, 60_000)).toBe('in_flight');
    expect(store.claim('k10', 60_000)).toBe('claimed');
  });
});
