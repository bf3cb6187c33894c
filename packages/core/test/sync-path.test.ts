import { afterEach, describe, expect, it, vi } from 'vitest';
import { type IdempotencyStore, memoryStore } from '../src/index.js';
import { batchOf, request, setup } from './helpers/bluestone.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  vi.useRealTimers();
});

// Most deliveries meet a synchronous store and synchronous handlers: they are handled without a
// promise per step. These tests pin the behaviour of that path and of every way out of it.
describe('synchronous and asynchronous stores and handlers', () => {
  it('runs synchronous handlers before handle() returns, tracking nothing and leaving no deadline timer', async () => {
    vi.useFakeTimers();
    const { receiver } = setup({ ackDeadlineMs: 1000 });
    const seen: string[] = [];
    receiver.on('bluestone:*', (event) => {
      seen.push(event.type);
    });
    const answer = receiver.handle(request(batchOf(['PRODUCT_CREATED', 'CATEGORY_REMOVED'])));
    expect(seen).toEqual(['PRODUCT_CREATED', 'CATEGORY_REMOVED']);
    expect(receiver.inFlight).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect((await answer).status).toBe(200);
  });

  it('lets copies wait for a run whose store records it asynchronously', async () => {
    const memory = memoryStore();
    const store: IdempotencyStore = {
      claim: (key, lease) => memory.claim(key, lease),
      complete: async (key, ttl) => {
        await delay(10);
        memory.complete(key, ttl);
      },
      release: (key) => memory.release(key),
    };
    const { receiver } = setup({}, { store });
    let runs = 0;
    receiver.on('PRODUCT_CREATED', () => {
      runs++;
    });
    const delivery = request(batchOf(['PRODUCT_CREATED']));
    const answers = await Promise.all(Array.from({ length: 5 }, () => receiver.handle(delivery)));
    expect(runs).toBe(1);
    expect(answers.map((a) => JSON.parse(a.body))).toEqual([
      { ok: true, events: 1, duplicates: 0 },
      ...Array(4).fill({ ok: true, events: 1, duplicates: 1 }),
    ]);
  });

  it('answers 503 store_unavailable when a claim throws synchronously, without running handlers', async () => {
    const { receiver, errors } = setup(
      {},
      {
        store: {
          claim: () => {
            throw new Error('connection refused');
          },
          complete: () => undefined,
          release: () => undefined,
        },
      },
    );
    let runs = 0;
    receiver.on('bluestone:*', () => {
      runs++;
    });
    const answer = await receiver.handle(request(batchOf(['PRODUCT_CREATED'])));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('60');
    expect(runs).toBe(0);
    expect(errors.map((e) => e.code)).toEqual(['store_unavailable']);
  });

  it('reports a complete that throws synchronously, and still answers the handled event', async () => {
    const memory = memoryStore();
    const { receiver, errors } = setup(
      {},
      {
        store: {
          claim: (key, lease) => memory.claim(key, lease),
          complete: () => {
            throw new Error('write failed');
          },
          release: (key) => memory.release(key),
        },
      },
    );
    receiver.on('bluestone:*', () => undefined);
    const answer = await receiver.handle(request(batchOf(['PRODUCT_CREATED'])));
    expect(answer.status).toBe(200);
    expect(errors.map((e) => e.code)).toEqual(['store_unavailable']);
  });

  it('goes asynchronous mid-batch: earlier events stay handled, a later async failure is answered and retried alone', async () => {
    const { receiver, errors } = setup();
    const runs: string[] = [];
    let failNameChange = true;
    receiver.on('PRODUCT_CREATED', (event) => {
      runs.push(event.type);
    });
    receiver.on('PRODUCT_WATCH_METADATA_NAME', async (event) => {
      runs.push(event.type);
      await delay(1);
      if (failNameChange) throw new Error('downstream unavailable');
    });
    receiver.on('CATEGORY_REMOVED', (event) => {
      runs.push(event.type);
    });
    const delivery = request(batchOf(['PRODUCT_CREATED', 'PRODUCT_WATCH_METADATA_NAME', 'CATEGORY_REMOVED']));
    const first = await receiver.handle(delivery);
    expect(first.status).toBe(503);
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);
    expect(runs).toEqual(['PRODUCT_CREATED', 'PRODUCT_WATCH_METADATA_NAME', 'CATEGORY_REMOVED']);

    failNameChange = false;
    const retry = await receiver.handle(delivery);
    expect(JSON.parse(retry.body)).toEqual({ ok: true, events: 3, duplicates: 2 });
    expect(runs.slice(3)).toEqual(['PRODUCT_WATCH_METADATA_NAME']);
  });

  it('applies the ack deadline once a run goes asynchronous', async () => {
    const { receiver } = setup({ ackDeadlineMs: 20 });
    let finished = false;
    receiver.on('PRODUCT_CREATED', async () => {
      await delay(200);
      finished = true;
    });
    const answer = await receiver.handle(request(batchOf(['PRODUCT_CREATED'])));
    expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 1, deferred: true });
    expect(finished).toBe(false);
    await receiver.drain();
    expect(finished).toBe(true);
  });

  describe('respond()', () => {
    it('returns the answer itself when nothing had to wait, with the handlers already run', () => {
      const { receiver } = setup();
      let runs = 0;
      receiver.on('bluestone:*', () => {
        runs++;
      });
      const answer = receiver.respond(request(batchOf(['PRODUCT_CREATED', 'CATEGORY_REMOVED'])));
      expect(answer).not.toBeInstanceOf(Promise);
      expect(runs).toBe(2);
      expect(answer).toMatchObject({ status: 200 });
    });

    it('answers refusals synchronously too: a bad signature, an unknown source, a closed receiver', async () => {
      const { receiver, errors } = setup();
      const forged = receiver.respond(
        request(batchOf(['PRODUCT_CREATED']), { 'x-bs-signature': 'ab'.repeat(32) }),
      );
      const unknown = receiver.respond({ ...request(batchOf(['PRODUCT_CREATED'])), source: 'nobody' });
      await receiver.close();
      const closed = receiver.respond(request(batchOf(['PRODUCT_CREATED'])));
      expect([forged, unknown, closed].map((a) => (a instanceof Promise ? 'promise' : a.status))).toEqual([
        401, 404, 503,
      ]);
      expect(errors.map((e) => e.code)).toEqual(['signature_invalid', 'unknown_source', 'shutting_down']);
    });

    it('returns a native promise once a handler is asynchronous, with the same answer handle() gives', async () => {
      const { receiver } = setup();
      receiver.on('PRODUCT_CREATED', async () => {
        await delay(1);
      });
      const delivery = request(batchOf(['PRODUCT_CREATED']));
      const answer = receiver.respond(delivery);
      expect(answer).toBeInstanceOf(Promise);
      expect(JSON.parse((await answer).body)).toEqual({ ok: true, events: 1, duplicates: 0 });
      expect(JSON.parse((await receiver.handle(delivery)).body)).toEqual({
        ok: true,
        events: 1,
        duplicates: 1,
      });
    });

    it('never rejects: a store that fails asynchronously is answered 503 and reported', async () => {
      const { receiver, errors } = setup(
        {},
        {
          store: {
            claim: async () => {
              await delay(1);
              throw new Error('connection reset');
            },
            complete: () => undefined,
            release: () => undefined,
          },
        },
      );
      receiver.on('bluestone:*', () => undefined);
      const answer = receiver.respond(request(batchOf(['PRODUCT_CREATED'])));
      expect(answer).toBeInstanceOf(Promise);
      await expect(answer).resolves.toMatchObject({ status: 503 });
      expect(errors.map((e) => e.code)).toEqual(['store_unavailable']);
    });
  });
});
