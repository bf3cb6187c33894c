import { describe, expect, it } from 'vitest';
import { MemoryStore, memoryStore, PimConfigurationError } from '../src/index.js';

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

  it('stays bounded, forgetting the least recently written keys first', () => {
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

  it('keeps a key written again after older ones were evicted', () => {
    const store = memoryStore({ maxEntries: 3 });
    store.claim('a', 1000);
    store.claim('b', 1000);
    store.claim('c', 1000);
    store.complete('a', 1000); // a is now the newest
    store.claim('d', 1000); // evicts b
    expect(store.claim('a', 1000)).toBe('completed');
    expect(store.claim('b', 1000)).toBe('claimed');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxEntries %s', (maxEntries) => {
    expect(() => memoryStore({ maxEntries })).toThrow(PimConfigurationError);
  });
});
