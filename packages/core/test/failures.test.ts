import { describe, expect, it } from 'vitest';
import { batchOf, request, setup } from './helpers/bluestone.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a failing handler', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('database down');
      },
    ],
    [
      'rejects',
      async () => {
        await delay(1);
        throw new Error('database down');
      },
    ],
  ])('that %s makes Bluestone retry (503 + Retry-After), and the retry is processed', async (_, failing) => {
    const { receiver, errors, contexts } = setup();
    let fail = true;
    let handled = 0;
    let attempts = 0;
    const ids: string[] = [];
    receiver.on('PRODUCT_CREATED', (event) => {
      attempts++;
      ids.push(event.id);
      if (fail) return failing();
      handled++;
    });
    const delivery = request(batchOf(['PRODUCT_CREATED']));
    const first = await receiver.handle(delivery);
    expect(contexts[0]?.event?.id).toBe(ids[0]);
    expect(contexts[0]?.event?.type).toBe('PRODUCT_CREATED');
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('60');
    expect(JSON.parse(first.body)).toEqual({ ok: false, error: 'handler_failed' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'handler_failed',
      source: 'bluestone',
      eventType: 'PRODUCT_CREATED',
    });
    expect(errors[0]?.message).toContain('database down');
    expect((errors[0]!.cause as Error).message).toBe('database down');

    fail = false;
    const retry = await receiver.handle(delivery);
    expect(retry.status).toBe(200);
    expect(handled).toBe(1);
    expect(attempts).toBe(2);
    expect(ids[1]).toBe(ids[0]);
    // Once handled, a further retry is a duplicate.
    expect(JSON.parse((await receiver.handle(delivery)).body)).toMatchObject({ duplicates: 1 });
    expect(attempts).toBe(2);
  });

  it('sends the configured Retry-After', async () => {
    const { receiver } = setup({ retryAfterSeconds: 300 });
    receiver.onAny(() => {
      throw new Error('no');
    });
    const answer = await receiver.handle(request(batchOf(['CATEGORY_REMOVED'])));
    expect(answer.headers['retry-after']).toBe('300');
  });

  it('in a batch, reruns only the events that failed when the delivery is retried', async () => {
    const { receiver } = setup();
    const runs: string[] = [];
    let failCategory = true;
    receiver.onAny((event) => {
      runs.push(event.type);
      if (event.type === 'CATEGORY_CREATED' && failCategory) throw new Error('later');
    });
    const delivery = request(batchOf(['PRODUCT_CREATED', 'CATEGORY_CREATED', 'CATEGORY_REMOVED']));
    expect((await receiver.handle(delivery)).status).toBe(503);
    expect(runs).toEqual(['PRODUCT_CREATED', 'CATEGORY_CREATED', 'CATEGORY_REMOVED']);
    failCategory = false;
    const retry = await receiver.handle(delivery);
    expect(retry.status).toBe(200);
    expect(JSON.parse(retry.body)).toEqual({ ok: true, events: 3, duplicates: 2 });
    expect(runs).toEqual(['PRODUCT_CREATED', 'CATEGORY_CREATED', 'CATEGORY_REMOVED', 'CATEGORY_CREATED']);
  });

  it('runs every handler of the event even when one fails, and reports all failures in one error', async () => {
    const { receiver, errors } = setup();
    let ran = 0;
    receiver.on('PRODUCT_CREATED', () => {
      throw new Error('first');
    });
    receiver.on('product.created', async () => {
      throw new Error('second');
    });
    receiver.on('bluestone:*', () => {
      ran++;
    });
    expect((await receiver.handle(request(batchOf(['PRODUCT_CREATED'])))).status).toBe(503);
    expect(ran).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.cause).toBeInstanceOf(AggregateError);
  });

  it('reports a failing onError hook to the logger instead of crashing', async () => {
    const { receiver, logger } = setup();
    receiver.onError(() => {
      throw new Error('hook broke');
    });
    const answer = await receiver.handle(request('{"events": 5}'));
    expect(answer.status).toBe(400);
    expect(logger.lines.some((line) => line.includes('onError handler threw'))).toBe(true);
  });
});

describe('the ack deadline', () => {
  it('answers 200 when handlers outlast it, lets them finish, and reports a later failure', async () => {
    const { receiver, errors } = setup({ ackDeadlineMs: 30 });
    let finished = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    receiver.on('PRODUCT_CREATED', async () => {
      await gate;
      finished = true;
      throw new Error('failed after the answer');
    });
    const answer = await receiver.handle(request(batchOf(['PRODUCT_CREATED'])));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, deferred: true });
    expect(finished).toBe(false);
    expect(receiver.inFlight).toBe(1);

    release();
    await receiver.drain();
    expect(finished).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['handler_failed_after_ack']);
    expect(errors[0]?.eventType).toBe('PRODUCT_CREATED');
    expect((errors[0]?.cause as Error | undefined)?.message).toBe('failed after the answer');
  });

  it('releases the claim of a handler that failed after the answer, so a later retry runs it again', async () => {
    const { receiver, errors } = setup({ ackDeadlineMs: 20 });
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    receiver.on('CATEGORY_REMOVED', async () => {
      runs++;
      if (runs === 1) {
        await gate;
        throw new Error('late failure');
      }
    });
    const delivery = request(batchOf(['CATEGORY_REMOVED']));
    const first = await receiver.handle(delivery);
    expect(JSON.parse(first.body)).toMatchObject({ ok: true, deferred: true });
    release();
    await receiver.drain();
    expect(errors.map((e) => e.code)).toEqual(['handler_failed_after_ack']);
    const retry = await receiver.handle(delivery);
    expect(JSON.parse(retry.body)).toEqual({ ok: true, events: 1, duplicates: 0 });
    expect(runs).toBe(2);
  });

  it('answers a failure already known at the deadline as a failure, so the vendor still retries it', async () => {
    const { receiver, errors } = setup({ ackDeadlineMs: 20 });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const runs: string[] = [];
    let fail = true;
    receiver.on('PRODUCT_CREATED', () => {
      runs.push('PRODUCT_CREATED');
      if (fail) throw new Error('first event failed');
    });
    receiver.on('CATEGORY_REMOVED', async () => {
      runs.push('CATEGORY_REMOVED');
      await gate;
    });
    const delivery = request(batchOf(['PRODUCT_CREATED', 'CATEGORY_REMOVED']));
    const answer = await receiver.handle(delivery);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('60');
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);

    open();
    await receiver.drain();
    fail = false;
    const retry = await receiver.handle(delivery);
    expect(JSON.parse(retry.body)).toEqual({ ok: true, events: 2, duplicates: 1 });
    expect(runs).toEqual(['PRODUCT_CREATED', 'CATEGORY_REMOVED', 'PRODUCT_CREATED']);
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);
  });

  it('does not defer handlers that finish in time', async () => {
    const { receiver } = setup({ ackDeadlineMs: 1000 });
    receiver.onAny(() => {});
    const answer = await receiver.handle(request(batchOf(['PRODUCT_CREATED'])));
    expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 1, duplicates: 0 });
  });
});

describe('verifyAndParse and dispatch (queue workers)', () => {
  it('returns the events without running handlers, then dispatch runs each once', async () => {
    const { receiver } = setup();
    let runs = 0;
    receiver.onAny(() => {
      runs++;
    });
    const events = await receiver.verifyAndParse(request(batchOf(['PRODUCT_CREATED', 'CATEGORY_REMOVED'])));
    expect(events.map((e) => e.type)).toEqual(['PRODUCT_CREATED', 'CATEGORY_REMOVED']);
    expect(runs).toBe(0);
    expect(await receiver.dispatch(events[0]!)).toBe('handled');
    expect(await receiver.dispatch(events[0]!)).toBe('duplicate');
    expect(runs).toBe(1);
  });

  it('throws the rejection with its status', async () => {
    const { receiver } = setup();
    await expect(receiver.verifyAndParse({ ...request('{}'), headers: {} })).rejects.toMatchObject({
      code: 'signature_missing',
      status: 401,
    });
  });

  it('throws a handler failure from dispatch and lets the event run again', async () => {
    const { receiver } = setup();
    let fail = true;
    receiver.onAny(() => {
      if (fail) throw new Error('busy');
    });
    const [event] = await receiver.verifyAndParse(request(batchOf(['PRODUCT_CREATED'])));
    await expect(receiver.dispatch(event!)).rejects.toMatchObject({ code: 'handler_failed' });
    fail = false;
    expect(await receiver.dispatch(event!)).toBe('handled');
  });
});
