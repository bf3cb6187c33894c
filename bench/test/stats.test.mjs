// The statistics the bench table rests on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median, pairedRatios, roundOrder } from '../lib/stats.mjs';

describe('bench statistics', () => {
  it('takes the median of odd and even counts, and NaN of nothing', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('pairs ratios round by round', () => {
    assert.deepEqual(pairedRatios([2, 9, 4], [1, 3, 8]), { ratios: [2, 3, 0.5], median: 2 });
  });

  for (const items of [
    ['a', 'b'],
    ['a', 'b', 'c'],
    ['a', 'b', 'c', 'd'],
  ]) {
    it(`balances the order of ${items.length} servers over ${2 * items.length} rounds`, () => {
      const first = new Map(items.map((x) => [x, 0]));
      const follows = new Map();
      for (let round = 0; round < 2 * items.length; round++) {
        const order = roundOrder(items, round);
        assert.deepEqual([...order].sort(), [...items].sort());
        first.set(order[0], first.get(order[0]) + 1);
        for (let i = 1; i < order.length; i++) {
          const pair = `${order[i - 1]}>${order[i]}`;
          follows.set(pair, (follows.get(pair) ?? 0) + 1);
        }
      }
      for (const count of first.values()) assert.equal(count, 2);
      for (const a of items) {
        for (const b of items) {
          if (a !== b)
            assert.equal(follows.get(`${a}>${b}`) ?? 0, follows.get(`${b}>${a}`) ?? 0, `${a} and ${b}`);
        }
      }
    });
  }
});
