import { describe, expect, it } from 'vitest';
import { type ClaimResult, type IdempotencyStore, memoryStore } from '../src/index.js';
import { batchOf, request, setup } from './helpers/bluestone.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('identical deliveries in flight at once', () => {
  it('40 simultaneous copies run the handler once and are all acknowledged after it succeeds', async () => {
    const { receiver } = setup();
    let runs = 0;
    receiver.on('PRODUCT_CREATED', async () => {
      runs++;
      await delay(20);
    });
    const delivery = request(batchOf(['PRODUCT_CREATED']));
    const answers = await Promise.all(Array.from({ length: 40 }, () => receiver.handle(delivery)));
    expect(runs).toBe(1);
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    expect(answers.filter((a) => JSON.parse(a.body).duplicates === 1)).toHaveLength(39);
  });

  it('when that single run fails, every copy gets the failure answer and a later retry is processed', async () => {
    const { receiver } = setup();
    let runs = 0;
    let fail = true;
    receiver.on('PRODUCT_CREATED', async () => {
      runs++;
      await delay(10);
      if (fail) throw new Error('down');
    });
    const delivery = request(batchOf(['PRODUCT_CREATED']));
    const answers = await Promise.all(Array.from({ length: 40 }, () => receiver.handle(delivery)));
    expect(runs).toBe(1);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([503]));
    fail = false;
    expect((await receiver.handle(delivery)).status).toBe(200);
    expect(runs).toBe(2);
  });

  it('answers 503 + Retry-After while another instance holds the claim, and handles once it is released', async () => {
    // A store shared with another instance that is running this event right now.
    const shared = memoryStore();
    const otherInstance = 'bluestone:';
    const store: IdempotencyStore = {
      claim: (key, lease): ClaimResult =>
        key.startsWith(otherInstance) && held ? 'in_flight' : shared.claim(key, lease),
      complete: (key, ttl) => shared.complete(key, ttl),
      release: (key) => shared.release(key),
    };
    let held = true;
    const { receiver } = setup({}, { store });
    let runs = 0;
    receiver.onAny(() => {
      runs++;
    });
    const delivery = request(batchOf(['PRODUCT_CREATED']));
    const busy = await receiver.handle(delivery);
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('60');
    expect(runs).toBe(0);
    held = false;
    expect((await receiver.handle(delivery)).status).toBe(200);
    expect(runs).toBe(1);
  });

  it('refuses with 503 + Retry-After when the store cannot be reached, without running handlers', async () => {
    const store: IdempotencyStore = {
      claim: async () => {
        throw new Error('connection refused');
      },
      complete: () => {},
      release: () => {},
    };
    const { receiver, errors } = setup({}, { store });
    let runs = 0;
    receiver.onAny(() => {
      runs++;
    });
    const answer = await receiver.handle(request(batchOf(['PRODUCT_CREATED'])));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBeDefined();
    expect(errors[0]?.code).toBe('store_unavailable');
    expect(runs).toBe(0);
  });

  it('reports a store that fails to record a success, without failing the delivery', async () => {
    const shared = memoryStore();
    const store: IdempotencyStore = {
      claim: (key, lease) => shared.claim(key, lease),
      complete: async () => {
        throw new Error('write failed');
      },
      release: (key) => shared.release(key),
    };
    const { receiver, errors } = setup({}, { store });
    receiver.onAny(() => {});
    expect((await receiver.handle(request(batchOf(['PRODUCT_CREATED'])))).status).toBe(200);
    expect(errors.map((e) => e.code)).toEqual(['store_unavailable']);
  });
});
