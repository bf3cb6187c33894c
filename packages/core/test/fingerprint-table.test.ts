import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FingerprintTable } from '../src/stores/fingerprint-table.js';

/** The table's contract in plain terms: a ring of slots in the order keys were added, and a Map. */
class Model {
  private readonly ring: (string | undefined)[];
  private next = 0;
  readonly values = new Map<string, number>();
  constructor(capacity: number) {
    this.ring = new Array(capacity).fill(undefined);
  }
  add(key: string, value: number): void {
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.values.delete(evicted);
    this.ring[this.next] = key;
    this.next = (this.next + 1) % this.ring.length;
    this.values.set(key, value);
  }
  remove(key: string): void {
    this.ring[this.ring.indexOf(key)] = undefined;
    this.values.delete(key);
  }
}

describe('FingerprintTable', () => {
  it('finds exactly the keys a ring-and-Map model holds, through adds, updates, removals and evictions', () => {
    type Op = ['add' | 'set' | 'remove', number, number];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(
          fc.tuple(fc.constantFrom('add', 'set', 'remove'), fc.nat(30), fc.nat(1000)) as fc.Arbitrary<Op>,
          {
            maxLength: 400,
          },
        ),
        (capacity, ops) => {
          const table = new FingerprintTable(capacity);
          const model = new Model(capacity);
          for (const [op, n, value] of ops) {
            const key = `bluestone:key-${n}`;
            const slot = table.find(key);
            expect(slot === -1).toBe(!model.values.has(key));
            if (op === 'add' && slot === -1) {
              table.addFound(value);
              model.add(key, value);
            } else if (op === 'set' && slot !== -1) {
              table.setValue(slot, value);
              model.values.set(key, value);
            } else if (op === 'remove' && slot !== -1) {
              table.remove(slot);
              model.remove(key);
            }
            expect(table.size).toBe(model.values.size);
          }
          for (let n = 0; n <= 30; n++) {
            const key = `bluestone:key-${n}`;
            const slot = table.find(key);
            expect(slot === -1 ? undefined : table.value(slot)).toBe(model.values.get(key));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('grows from its first thousand slots to its capacity without losing or confusing a key', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1025, max: 5000 }),
        fc.array(fc.tuple(fc.nat(99), fc.nat(7000)), { minLength: 6000, maxLength: 9000 }),
        (capacity, ops) => {
          const table = new FingerprintTable(capacity);
          const model = new Model(capacity);
          let added = 0;
          let disagreements = 0;
          for (const [choice, n] of ops) {
            // Mostly new keys, so the ring fills and wraps; some updates and removals of held ones.
            const key = choice < 80 ? `akeneo:new-${added}` : `akeneo:new-${n % (added + 1)}`;
            const slot = table.find(key);
            if ((slot === -1) !== !model.values.has(key)) disagreements++;
            if (slot === -1 && choice < 90) {
              table.addFound(added);
              model.add(key, added);
              added++;
            } else if (slot !== -1 && choice < 95) {
              table.setValue(slot, -n);
              model.values.set(key, -n);
            } else if (slot !== -1) {
              table.remove(slot);
              model.remove(key);
            }
          }
          for (let i = 0; i < added; i++) {
            const key = `akeneo:new-${i}`;
            const slot = table.find(key);
            if ((slot === -1 ? undefined : table.value(slot)) !== model.values.get(key)) disagreements++;
          }
          expect(disagreements).toBe(0);
          expect(table.size).toBe(model.values.size);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('tells apart a million distinct keys of one shape, as deliveries produce them', () => {
    const table = new FingerprintTable(1_000_000);
    let mistaken = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const key = `bluestone:${i.toString(36).padStart(22, '-')}.${i % 3}`;
      if (table.find(key) !== -1) mistaken++;
      else table.addFound(i);
    }
    expect(mistaken).toBe(0);
    expect(table.size).toBe(1_000_000);
  });
});
