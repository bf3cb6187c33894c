import { afterEach, describe, expect, it } from 'vitest';
import { bizzkitToken, signBizzkit } from '../../testing/src/bizzkit.js';
import { deliverTo, sendDelivery } from '../../testing/src/delivery.js';
import { type BizzkitOptions, bizzkit, bizzkitTopicOf, createNodeHandler } from '../src/index.js';
import { listen } from './helpers/server.js';
import { gate, recordingReceiver, SECRET_32 } from './support/bizzkit-fixtures.js';

const EVENT = 'ProductCatalogueItemCreated';

function setup(options: Partial<BizzkitOptions> = {}) {
  return recordingReceiver([bizzkit({ secret: SECRET_32, ...options })]);
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('bizzkit event name', () => {
  it('reads the event name from the last path segment', async () => {
    const { receiver, events } = setup();
    const answer = await deliverTo(receiver, signBizzkit('BrandViewsCreated', { id: 'b-1' }, SECRET_32));
    expect(answer.status).toBe(200);
    expect(events).toMatchObject([{ source: 'bizzkit', type: 'BrandViewsCreated', data: { id: 'b-1' } }]);
  });

  it('reads the event name from the configured header', async () => {
    const { receiver, events } = setup({ eventNameHeader: 'X-Bizzkit-Event' });
    const delivery = signBizzkit(EVENT, { id: 1 }, SECRET_32, { eventNameHeader: 'x-bizzkit-event' });
    expect(delivery.pathSegments).toEqual([]);
    expect((await deliverTo(receiver, delivery)).status).toBe(200);
    expect(events.map((e) => e.type)).toEqual([EVENT]);
  });

  it('prefers the header over the path when both are present', async () => {
    const { receiver, events } = setup({ eventNameHeader: 'x-bizzkit-event' });
    const delivery = signBizzkit('BrandViewsCreated', { id: 1 }, SECRET_32);
    await deliverTo(receiver, { ...delivery, headers: { ...delivery.headers, 'x-bizzkit-event': EVENT } });
    expect(events.map((e) => e.type)).toEqual([EVENT]);
  });

  it('answers 400 with how to configure it when there is no event name', async () => {
    const { receiver, events, errors } = setup();
    const answer = await deliverTo(receiver, {
      ...signBizzkit(EVENT, { id: 1 }, SECRET_32),
      pathSegments: [],
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'invalid_envelope' });
    expect(events).toHaveLength(0);
    expect(errors[0]?.message).toMatch(/\/webhooks\/bizzkit\/ProductCatalogueItemCreated/);
    expect(errors[0]?.message).toMatch(/eventNameHeader/);
  });

  it('refuses an event name that is not a plain name', async () => {
    const { receiver } = setup();
    const answer = await deliverTo(receiver, signBizzkit('Product Created<script>', { id: 1 }, SECRET_32));
    expect(answer.status).toBe(400);
  });

  it('checks the token before looking for the event name', async () => {
    const { receiver, errors } = setup();
    const delivery = {
      ...signBizzkit(EVENT, { id: 1 }, 'wrong-secret-but-long-enough-0123456789'),
      pathSegments: [],
    };
    expect((await deliverTo(receiver, delivery)).status).toBe(401);
    expect(errors.map((e) => e.code)).toEqual(['token_invalid']);
  });
});

describe('bizzkit payload', () => {
  it('hands any JSON object to the handlers as data, with the raw payload', async () => {
    const { receiver, events } = setup();
    const payload = { ProductCatalogueItemId: 17, Values: [{ Attribute: 'Color', Value: 'red' }] };
    await deliverTo(receiver, signBizzkit(EVENT, payload, SECRET_32));
    expect(events[0]).toMatchObject({ data: payload, raw: payload, changes: [], occurredAt: undefined });
    expect(events[0]?.delivery).toMatchObject({ index: 0, count: 1 });
  });

  it.each([
    ['an array', '[{"id":1}]', 'invalid_envelope'],
    ['a string', '"created"', 'invalid_envelope'],
    ['not JSON', '{"id":', 'invalid_json'],
  ])('answers 400 to a body that is %s', async (_, body, code) => {
    const { receiver, events } = setup();
    const answer = await deliverTo(receiver, signBizzkit(EVENT, body, SECRET_32));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toBe(code);
    expect(events).toHaveLength(0);
  });

  it('takes entity ids from the payload id by default, or from `entityIds`', async () => {
    const plain = setup();
    await deliverTo(plain.receiver, signBizzkit(EVENT, { Id: 42 }, SECRET_32));
    await deliverTo(plain.receiver, signBizzkit(EVENT, { name: 'no id' }, SECRET_32));
    expect(plain.events.map((e) => e.entityIds)).toEqual([['42'], []]);

    const custom = setup({ entityIds: (payload) => [String(payload.productCatalogueItemId)] });
    await deliverTo(custom.receiver, signBizzkit(EVENT, { productCatalogueItemId: 7 }, SECRET_32));
    expect(custom.events[0]?.entityIds).toEqual(['7']);
  });
});

describe('bizzkit topics', () => {
  it.each([
    ['ProductCatalogueItemCreated', 'product.created'],
    ['ProductCatalogueItemUpdated', 'product.updated'],
    ['ProductCatalogueItemDeleted', 'product.deleted'],
    ['ProductUpdated', 'product.updated'],
    ['CategoryDeleted', 'category.deleted'],
    ['AttributeCreated', 'attribute.created'],
    ['BrandViewsCreated', undefined],
    ['ProductCatalogueItemViewsCreated', undefined],
    ['BrandCreated', undefined],
    ['ProductCatalogueItemPublished', undefined],
    ['Created', undefined],
  ])('maps %s to %s', (name, topic) => {
    expect(bizzkitTopicOf(name)).toBe(topic);
  });

  it('delivers Bizzkit events to topic handlers', async () => {
    const { receiver } = setup();
    const seen: string[] = [];
    receiver.on('product.updated', (event) => void seen.push(`${event.source}:${event.type}`));
    await deliverTo(receiver, signBizzkit('ProductCatalogueItemUpdated', { id: 1 }, SECRET_32));
    await deliverTo(receiver, signBizzkit('BrandViewsCreated', { id: 2 }, SECRET_32));
    expect(seen).toEqual(['bizzkit:ProductCatalogueItemUpdated']);
  });
});

describe('bizzkit event ids and duplicates', () => {
  it('drops a retry of the same event (new token, same body) as a duplicate', async () => {
    const { receiver, events } = setup();
    const first = signBizzkit(EVENT, { id: 1, name: 'cup' }, SECRET_32, {
      now: Math.floor(Date.now() / 1000) - 60,
    });
    const retry = signBizzkit(EVENT, { id: 1, name: 'cup' }, SECRET_32);
    expect(retry.headers.authorization).not.toBe(first.headers.authorization);
    const a = await deliverTo(receiver, first);
    const b = await deliverTo(receiver, retry);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(JSON.parse(b.body)).toMatchObject({ ok: true, duplicates: 1 });
    expect(events).toHaveLength(1);
  });

  it('keeps the same payload under two event names apart', async () => {
    const { receiver, events } = setup();
    await deliverTo(receiver, signBizzkit('ProductCatalogueItemCreated', { id: 1 }, SECRET_32));
    await deliverTo(receiver, signBizzkit('ProductCatalogueItemUpdated', { id: 1 }, SECRET_32));
    expect(events).toHaveLength(2);
    expect(events[0]?.id).not.toBe(events[1]?.id);
  });

  it('uses the id from `eventId` when it gives one', async () => {
    const { receiver, events } = setup({ eventId: (payload) => payload.eventId as string | undefined });
    await deliverTo(receiver, signBizzkit(EVENT, { eventId: 'evt-1', id: 1 }, SECRET_32));
    await deliverTo(receiver, signBizzkit(EVENT, { eventId: 'evt-1', id: 1, extra: true }, SECRET_32));
    await deliverTo(receiver, signBizzkit(EVENT, { id: 1 }, SECRET_32));
    expect(events.map((e) => e.id)).toEqual(['evt-1', expect.stringMatching(/^[\w-]{22}$/)]);
  });
});

describe('bizzkit answers', () => {
  it('answers 200 by default and 204 with an empty body when configured', async () => {
    const ok = await deliverTo(setup().receiver, signBizzkit(EVENT, { id: 1 }, SECRET_32));
    expect(ok.status).toBe(200);
    const noContent = await deliverTo(
      setup({ successStatus: 204 }).receiver,
      signBizzkit(EVENT, { id: 1 }, SECRET_32),
    );
    expect(noContent).toEqual({ status: 204, headers: {}, body: '' });
  });

  it('answers 204 to duplicates too when configured', async () => {
    const { receiver } = setup({ successStatus: 204 });
    const delivery = signBizzkit(EVENT, { id: 1 }, SECRET_32);
    await deliverTo(receiver, delivery);
    expect((await deliverTo(receiver, delivery)).status).toBe(204);
  });

  it('answers a 5xx when a handler fails, and runs the handler again on the retry', async () => {
    const { receiver, errors } = setup();
    let calls = 0;
    receiver.on(EVENT, () => {
      calls++;
      if (calls === 1) throw new Error('database down');
    });
    const delivery = signBizzkit(EVENT, { id: 1 }, SECRET_32);
    const failed = await deliverTo(receiver, delivery);
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.body)).toEqual({ ok: false, error: 'handler_failed' });
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);
    expect((await deliverTo(receiver, delivery)).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('uses the configured failure status', async () => {
    const { receiver } = setup({ failureStatus: 503 });
    receiver.on(EVENT, () => Promise.reject(new Error('later')));
    expect((await deliverTo(receiver, signBizzkit(EVENT, { id: 1 }, SECRET_32))).status).toBe(503);
  });

  it('acknowledges at the ack deadline while handlers go on', async () => {
    const { receiver, errors } = setup({ ackDeadlineMs: 20, successStatus: 204 });
    const held = gate();
    let finished = false;
    receiver.on(EVENT, async () => {
      await held.promise;
      finished = true;
    });
    const answer = await deliverTo(receiver, signBizzkit(EVENT, { id: 1 }, SECRET_32));
    expect(answer.status).toBe(204);
    expect(finished).toBe(false);
    expect(receiver.inFlight).toBe(1);
    held.open();
    await receiver.drain();
    expect(finished).toBe(true);
    expect(errors).toEqual([]);
  });

  it('reports a handler that fails after the ack deadline', async () => {
    const { receiver, errors } = setup({ ackDeadlineMs: 20 });
    const held = gate();
    receiver.on(EVENT, async () => {
      await held.promise;
      throw new Error('too late');
    });
    const answer = await deliverTo(receiver, signBizzkit(EVENT, { id: 1 }, SECRET_32));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, deferred: true });
    held.open();
    await receiver.drain();
    expect(errors.map((e) => e.code)).toEqual(['handler_failed_after_ack']);
  });

  it('defaults the ack deadline to 8 s, under Bizzkit’s 10 s', () => {
    expect(bizzkit({ secret: SECRET_32 }).ackDeadlineMs).toBe(8000);
  });

  it('answers 405 to other methods', async () => {
    const { receiver } = setup();
    const answer = await deliverTo(receiver, { ...signBizzkit(EVENT, { id: 1 }, SECRET_32), method: 'PUT' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
  });
});

describe('bizzkit over HTTP', () => {
  it('serves /webhooks/bizzkit/<EventName> from a node:http server', async () => {
    const { receiver, events } = setup({ successStatus: 204 });
    const server = await listen(createNodeHandler(receiver));
    close = server.close;
    const answer = await sendDelivery(`${server.url}/webhooks`, signBizzkit(EVENT, { id: 9 }, SECRET_32));
    expect(answer.status).toBe(204);
    expect(answer.body).toBe('');
    expect(events.map((e) => [e.type, e.entityIds])).toEqual([[EVENT, ['9']]]);
  });

  it('answers 401 over HTTP without a token, with no detail', async () => {
    const { receiver } = setup();
    const server = await listen(createNodeHandler(receiver));
    close = server.close;
    const response = await fetch(`${server.url}/webhooks/bizzkit/${EVENT}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${bizzkitToken({ secret: 'x'.repeat(32) })}`,
      },
      body: '{"id":1}',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error: 'unauthorized' });
  });
});
