import { describe, expect, it } from 'vitest';
import { BLUESTONE_EVENT_TYPES, type ClaimResult, type IdempotencyStore, memoryStore } from '../src/index.js';
import { batchOf, request, setup } from './helpers/bluestone.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('identical deliveries in flight at once', () => {
  it('40 simultaneous copies run the handler once and are all acknowledged after it succeeds', async () => {
    const { receiver } = setup();
    let runs = 0;
    let finished = false;
    receiver.on('PRODUCT_CREATED', async () => {
      runs++;
      await delay(20);
      finished = true;
    });
    const delivery = request(batchOf(['PRODUCT_CREATED']));
    const answeredAfterRun: boolean[] = [];
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        receiver.handle(delivery).then((answer) => {
          answeredAfterRun.push(finished);
          return answer;
        }),
      ),
    );
    expect(runs).toBe(1);
    // No copy is acknowledged before the one run succeeded: an early 200 would lose the event on a crash.
    expect(answeredAfterRun).toEqual(Array(40).fill(true));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    expect(answers.filter((a) => JSON.parse(a.body).duplicates === 1)).toHaveLength(39);
  });

  it('when that single run fails, every copy gets the failure answer and a later retry is processed', async () => {
    const ctx = setup();
    const { receiver } = ctx;
    let runs = 0;
    let fail = true;
    receiver.on('PRODUCT_CREATED', async () => {
      runs++;
      await delay(10);
      if (fail) throw new Error('down');
    });
    const delivery = request(batchOf(['PRODUCT_CREATED']));
    const { errors } = ctx;
    const answers = await Promise.all(Array.from({ length: 40 }, () => receiver.handle(delivery)));
    expect(runs).toBe(1);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([503]));
    expect(new Set(answers.map((a) => a.headers['retry-after']))).toEqual(new Set(['60']));
    expect(new Set(answers.map((a) => a.body))).toEqual(new Set(['{"ok":false,"error":"handler_failed"}']));
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['handler_failed']));
    fail = false;
    expect((await receiver.handle(delivery)).status).toBe(200);
    expect(runs).toBe(2);
  });

  it('40 simultaneous copies of a 25-event batch run each event once', async () => {
    const { receiver } = setup();
    const runs = new Map<string, number>();
    receiver.onAny(async (event) => {
      runs.set(event.type, (runs.get(event.type) ?? 0) + 1);
      await delay(1);
    });
    const delivery = request(batchOf(BLUESTONE_EVENT_TYPES));
    const answers = await Promise.all(Array.from({ length: 40 }, () => receiver.handle(delivery)));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    expect([...runs.keys()].sort()).toEqual([...BLUESTONE_EVENT_TYPES].sort());
    expect(new Set(runs.values())).toEqual(new Set([1]));
    // Across all copies, each of the 25 events was handled by exactly one of them.
    const handledHere = answers.map((a) => 25 - (JSON.parse(a.body).duplicates as number));
    expect(handledHere.reduce((sum, n) => sum + n, 0)).toBe(25);
  });

  it('answers 503 with the configured Retry-After while a claim is held elsewhere', async () => {
    // Another instance holds every claim: this one must neither run the event nor acknowledge it.
    const busyElsewhere: IdempotencyStore = {
      claim: () => 'in_flight',
      complete: () => {
        throw new Error('complete must not be called for an event this instance did not claim');
      },
      release: () => {
        throw new Error('release must not be called for an event this instance did not claim');
      },
    };
    const { receiver } = setup({ retryAfterSeconds: 7 }, { store: busyElsewhere });
    let runs = 0;
    receiver.onAny(() => {
      runs++;
    });
    const answer = await receiver.handle(request(batchOf(['PRODUCT_CREATED', 'CATEGORY_REMOVED'])));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('7');
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'in_flight' });
    expect(runs).toBe(0);
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
