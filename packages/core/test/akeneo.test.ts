import { afterEach, describe, expect, it } from 'vitest';
import {
  akeneoEvent,
  akeneoExampleEvent,
  akeneoSubscriptionCheck,
  signAkeneo,
} from '../../testing/src/akeneo.js';
import { deliverTo, sendDelivery, type TestDelivery } from '../../testing/src/delivery.js';
import { akeneoExamples } from '../../testing/src/fixtures/akeneo.js';
import {
  AKENEO_EVENT_TYPES,
  type AkeneoOptions,
  akeneo,
  akeneoTopics,
  createNodeHandler,
  createPimReceiver,
  type IdempotencyStore,
  memoryStore,
  PimConfigurationError,
  PimWebhookError,
} from '../src/index.js';
import { listen } from './helpers/server.js';
import { gate, recordingReceiver } from './support/bizzkit-fixtures.js';

const PRIMARY = 'akeneo-primary-secret';
const SECONDARY = 'akeneo-secondary-secret';
const PRODUCT_UPDATED = 'com.akeneo.pim.v1.product.updated';

function setup(options: Partial<AkeneoOptions> = {}) {
  return recordingReceiver([akeneo({ secret: PRIMARY, ...options })]);
}

async function refused(delivery: TestDelivery, code: string, options: Partial<AkeneoOptions> = {}) {
  const { receiver, events, errors } = setup(options);
  const answer = await deliverTo(receiver, delivery);
  expect(answer.status).toBe(401);
  expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'unauthorized' });
  expect(events).toHaveLength(0);
  expect(errors.map((e) => e.code)).toEqual([code]);
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('akeneo signature', () => {
  it('accepts a delivery signed with the primary secret', async () => {
    const { receiver, events } = setup();
    const answer = await deliverTo(receiver, signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY));
    expect(answer.status).toBe(200);
    expect(events.map((e) => e.type)).toEqual([PRODUCT_UPDATED]);
  });

  it('accepts a delivery carrying only the secondary signature', async () => {
    const { receiver, events } = setup({ secret: [PRIMARY, SECONDARY] });
    const delivery = signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), [PRIMARY, SECONDARY], {
      only: 'secondary',
    });
    expect(delivery.headers['x-akeneo-signature-primary']).toBeUndefined();
    expect((await deliverTo(receiver, delivery)).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('survives a rotation started on either side', async () => {
    // Akeneo already signs with the new secret as primary, the old one as secondary; we know only the old one.
    const ahead = setup({ secret: 'old-secret' });
    const akeneoRotated = signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), ['new-secret', 'old-secret']);
    expect((await deliverTo(ahead.receiver, akeneoRotated)).status).toBe(200);
    // We list [new, old]; Akeneo still signs only with the old secret.
    const behind = setup({ secret: ['new-secret', 'old-secret'] });
    const akeneoOld = signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), 'old-secret');
    expect((await deliverTo(behind.receiver, akeneoOld)).status).toBe(200);
  });

  it('refuses a body altered after signing', async () => {
    const delivery = signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), [PRIMARY, SECONDARY]);
    await refused({ ...delivery, body: delivery.body.replace('6a9f8486', '6a9f8487') }, 'signature_invalid', {
      secret: [PRIMARY, SECONDARY],
    });
  });

  it('refuses signatures made with another secret', async () => {
    await refused(
      signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), ['wrong', 'also-wrong']),
      'signature_invalid',
    );
  });

  it('refuses a delivery without signature headers', async () => {
    const delivery = signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY);
    const { 'x-akeneo-signature-primary': _, ...headers } = delivery.headers;
    await refused({ ...delivery, headers }, 'signature_missing');
  });

  it('refuses another algorithm than HmacSHA256, and accepts a missing algorithm header', async () => {
    const event = akeneoExampleEvent(PRODUCT_UPDATED);
    await refused(signAkeneo(event, PRIMARY, { algorithm: 'HmacSHA1' }), 'signature_invalid');
    const { receiver } = setup();
    expect((await deliverTo(receiver, signAkeneo(event, PRIMARY, { algorithm: false }))).status).toBe(200);
  });

  it('refuses a signature that is not hex', async () => {
    const delivery = signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY);
    const base64 = Buffer.from(delivery.headers['x-akeneo-signature-primary']!, 'hex').toString('base64');
    await refused(
      { ...delivery, headers: { ...delivery.headers, 'x-akeneo-signature-primary': base64 } },
      'signature_invalid',
    );
  });

  it('refuses a signature header sent twice', async () => {
    const { receiver, errors } = setup();
    const delivery = signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY);
    const signature = delivery.headers['x-akeneo-signature-primary']!;
    const answer = await receiver.handle({
      source: 'akeneo',
      method: 'POST',
      headers: { 'x-akeneo-signature-primary': [signature, signature] },
      body: delivery.body,
    });
    expect(answer.status).toBe(401);
    expect(errors.map((e) => e.code)).toEqual(['signature_invalid']);
  });
});

describe('akeneo subscription check', () => {
  it('answers HEAD with 200 and no body, without a signature, and runs no handler', async () => {
    const { receiver, events, errors } = setup();
    const answer = await deliverTo(receiver, akeneoSubscriptionCheck());
    expect(answer).toEqual({ status: 200, headers: {}, body: '' });
    expect(events).toHaveLength(0);
    expect(errors).toHaveLength(0);
  });

  it('answers HEAD with 200 over HTTP', async () => {
    const { receiver } = setup();
    const server = await listen(createNodeHandler(receiver));
    close = server.close;
    const response = await fetch(`${server.url}/webhooks/akeneo`, { method: 'HEAD' });
    expect(response.status).toBe(200);
  });

  it('answers other methods 405', async () => {
    const { receiver } = setup();
    const answer = await deliverTo(receiver, { ...akeneoSubscriptionCheck(), method: 'GET' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST, HEAD');
  });
});

describe('akeneo event types', () => {
  it('has a documented example for every known type', () => {
    expect(akeneoExamples.map((e) => e.type).sort()).toEqual([...AKENEO_EVENT_TYPES].sort());
  });

  it.each(akeneoExamples.map((e) => [e.type, e] as const))('normalizes %s', async (type, example) => {
    const { receiver, events } = setup();
    const cloudEvent = akeneoExampleEvent(type, { time: '2024-02-22T17:31:00Z' });
    const answer = await deliverTo(receiver, signAkeneo(cloudEvent, PRIMARY));
    expect(answer.status).toBe(200);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event).toMatchObject({
      id: cloudEvent.id,
      source: 'akeneo',
      type,
      topic: akeneoTopics[type],
      entityIds: [example.entityId],
      occurredAt: new Date('2024-02-22T17:31:00Z'),
      raw: cloudEvent,
    });
    expect(event.data).toMatchObject({ author: example.data.author });
  });

  it('maps products, assets, attributes and categories to topics, and nothing else', () => {
    const withTopic = AKENEO_EVENT_TYPES.filter((t) => akeneoTopics[t] !== undefined);
    expect(withTopic.every((t) => /\.v1\.(product|asset|attribute|category)\./.test(t))).toBe(true);
    expect(akeneoTopics['com.akeneo.pim.v1.product.updated.delta']).toBe('product.updated');
    expect(akeneoTopics['com.akeneo.pim.v1.product-model.updated']).toBeUndefined();
  });

  it('delivers to bare type names, qualified names and topics', async () => {
    const { receiver } = setup();
    const seen: string[] = [];
    receiver.on('com.akeneo.pim.v1.product.deleted', (e) => void seen.push(`bare ${e.data.product.uuid}`));
    receiver.on('akeneo:com.akeneo.pim.v1.product.deleted', () => void seen.push('qualified'));
    receiver.on('product.deleted', (e) => void seen.push(`topic ${e.entityIds[0]}`));
    await deliverTo(receiver, signAkeneo(akeneoExampleEvent('com.akeneo.pim.v1.product.deleted'), PRIMARY));
    expect(seen.sort()).toEqual([
      'bare 6a9f8486-2c36-4680-b87f-6f5f8f01b6cf',
      'qualified',
      'topic 6a9f8486-2c36-4680-b87f-6f5f8f01b6cf',
    ]);
  });

  it('describes what a delta event changed', async () => {
    const { receiver, events } = setup();
    await deliverTo(
      receiver,
      signAkeneo(akeneoExampleEvent('com.akeneo.pim.v1.product.updated.delta'), PRIMARY),
    );
    expect(events[0]?.changes).toEqual([
      { field: 'enabled', kind: 'update', oldValue: true, newValue: false },
      {
        field: 'family',
        kind: 'update',
        oldValue: 'the_previous_family_code',
        newValue: 'the_new_family_code',
      },
      { field: 'category', kind: 'associate', relatedId: 'added_category_code_1' },
      { field: 'category', kind: 'disassociate', relatedId: 'removed_category_code_1' },
      {
        field: 'attribute:an_updated_attribute',
        kind: 'update',
        vendorKind: 'pim_catalog_text',
        oldValue: 'previous_data',
        newValue: 'new_data',
        locale: 'en_US',
      },
      {
        field: 'attribute:an_added_attribute',
        kind: 'create',
        vendorKind: 'pim_catalog_text',
        oldValue: null,
        newValue: 'new_data',
      },
      {
        field: 'association:an_association_type_code:product',
        kind: 'associate',
        relatedId: 'a_product_uuid_1',
      },
      {
        field: 'association:an_association_type_code:product_model',
        kind: 'disassociate',
        relatedId: 'a_product_model_1',
      },
    ]);
  });

  it('reads a product model named `product`, as Akeneo’s field table has it', async () => {
    const { receiver, events } = setup();
    const cloudEvent = akeneoEvent('com.akeneo.pim.v1.product-model.created', {
      product: { code: 'tshirt' },
    });
    expect((await deliverTo(receiver, signAkeneo(cloudEvent, PRIMARY))).status).toBe(200);
    expect(events[0]?.entityIds).toEqual(['tshirt']);
    expect(events[0]?.data).toMatchObject({ product_model: { code: 'tshirt' } });
  });

  it('answers 400 to a known type whose data lacks its identifier', async () => {
    const { receiver, events, errors } = setup();
    const cloudEvent = akeneoEvent(PRODUCT_UPDATED, { product: { identifier: 'sku-1' } });
    const answer = await deliverTo(receiver, signAkeneo(cloudEvent, PRIMARY));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toBe('invalid_event');
    expect(errors[0]?.message).toMatch(/product\.uuid/);
    expect(events).toHaveLength(0);
  });

  it('lets an unknown type through, untyped, and acknowledges it', async () => {
    const { receiver, events } = setup();
    const seen: string[] = [];
    receiver.on('akeneo:*', (e) => void seen.push(e.type));
    const cloudEvent = akeneoEvent('com.akeneo.pim.v1.product.became-complete', {
      product: { uuid: 'c0ffee00-0000-4000-8000-000000000001' },
      author: { identifier: 'system', type: 'system' },
    });
    const answer = await deliverTo(receiver, signAkeneo(cloudEvent, PRIMARY));
    expect(answer.status).toBe(200);
    expect(seen).toEqual(['com.akeneo.pim.v1.product.became-complete']);
    expect(events[0]).toMatchObject({
      id: cloudEvent.id,
      topic: undefined,
      entityIds: ['c0ffee00-0000-4000-8000-000000000001'],
      data: cloudEvent.data,
    });
  });
});

describe('akeneo envelope', () => {
  const good = () => akeneoExampleEvent(PRODUCT_UPDATED);
  it.each<[string, () => unknown]>([
    ['no specversion', () => ({ ...good(), specversion: undefined })],
    ['CloudEvents 0.3', () => ({ ...good(), specversion: '0.3' })],
    ['no id', () => ({ ...good(), id: undefined })],
    ['an empty id', () => ({ ...good(), id: '' })],
    ['no type', () => ({ ...good(), type: undefined })],
    ['no source', () => ({ ...good(), source: undefined })],
    ['a time that is not a timestamp', () => ({ ...good(), time: 'yesterday' })],
    ['an array', () => [good()]],
    ['a number', () => 42],
  ])('answers 400 to an event with %s', async (_, make) => {
    const { receiver, events, errors } = setup();
    const answer = await deliverTo(receiver, signAkeneo(JSON.stringify(make()), PRIMARY));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toBe('invalid_envelope');
    expect(errors[0]?.message).toMatch(/CloudEvents 1\.0/);
    expect(events).toHaveLength(0);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const { receiver } = setup();
    const answer = await deliverTo(receiver, signAkeneo('{"specversion":"1.0",', PRIMARY));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toBe('invalid_json');
  });
});

describe('akeneo duplicates and answers', () => {
  it('handles a CloudEvent id once, even when the retry differs in bytes', async () => {
    const { receiver, events } = setup();
    const first = akeneoExampleEvent(PRODUCT_UPDATED);
    const retry = { ...first, time: '2030-01-01T00:00:00Z' };
    expect((await deliverTo(receiver, signAkeneo(first, PRIMARY))).status).toBe(200);
    const second = await deliverTo(receiver, signAkeneo(retry, PRIMARY));
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body)).toMatchObject({ duplicates: 1 });
    expect(events).toHaveLength(1);
  });

  it('answers 500 when a handler fails, and handles the retry', async () => {
    const { receiver, errors } = setup();
    let calls = 0;
    receiver.on(PRODUCT_UPDATED, () => {
      calls++;
      if (calls === 1) throw new Error('sync failed');
    });
    const delivery = signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY);
    expect((await deliverTo(receiver, delivery)).status).toBe(500);
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);
    expect((await deliverTo(receiver, delivery)).status).toBe(200);
  });

  it('answers a configured 429 with Retry-After when a handler fails', async () => {
    const { receiver } = setup({ failureStatus: 429, retryAfterSeconds: 30 });
    receiver.on(PRODUCT_UPDATED, () => Promise.reject(new Error('busy')));
    const answer = await deliverTo(receiver, signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY));
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('30');
  });

  it('acknowledges at the 4 s ack deadline while handlers go on', async () => {
    expect(akeneo({ secret: PRIMARY }).ackDeadlineMs).toBe(4000);
    const { receiver } = setup({ ackDeadlineMs: 20 });
    const held = gate();
    let finished = false;
    receiver.on(PRODUCT_UPDATED, async () => {
      await held.promise;
      finished = true;
    });
    const answer = await deliverTo(receiver, signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ deferred: true });
    expect(finished).toBe(false);
    held.open();
    await receiver.drain();
    expect(finished).toBe(true);
  });

  it('answers 429 + Retry-After while another instance handles the same event', async () => {
    const store = memoryStore();
    const first = createPimReceiver({ sources: [akeneo({ secret: PRIMARY })], store, logger: false });
    const second = createPimReceiver({ sources: [akeneo({ secret: PRIMARY })], store, logger: false });
    const held = gate();
    first.on(PRODUCT_UPDATED, () => held.promise);
    const delivery = signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY);
    const running = deliverTo(first, delivery);
    // The first receiver holds the claim until its handler is released.
    while (first.inFlight === 0) await new Promise((resolve) => setImmediate(resolve));
    const answer = await deliverTo(second, delivery);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('60');
    held.open();
    expect((await running).status).toBe(200);
  });

  it('answers 429 (or the configured 503) when the idempotency store is down', async () => {
    const down: IdempotencyStore = {
      claim: () => Promise.reject(new Error('connection refused')),
      complete: () => undefined,
      release: () => undefined,
    };
    for (const [busyStatus, status] of [
      [undefined, 429],
      [503, 503],
    ] as const) {
      const receiver = createPimReceiver({
        sources: [akeneo({ secret: PRIMARY, ...(busyStatus === undefined ? {} : { busyStatus }) })],
        store: down,
        logger: false,
      });
      const answer = await deliverTo(receiver, signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY));
      expect(answer.status).toBe(status);
      expect(answer.headers['retry-after']).toBe('60');
    }
  });

  it('never answers 404 or a redirect, which would suspend the subscription', () => {
    const receiver = createPimReceiver({ sources: [akeneo({ secret: PRIMARY })], logger: false });
    const answer = receiver.reject(new PimWebhookError('unknown_source', 'no such path'), 'akeneo');
    expect(answer.status).toBe(400);
  });

  it('serves a signed delivery over HTTP', async () => {
    const { receiver, events } = setup();
    const server = await listen(createNodeHandler(receiver));
    close = server.close;
    const answer = await sendDelivery(
      `${server.url}/webhooks`,
      signAkeneo(akeneoExampleEvent(PRODUCT_UPDATED), PRIMARY),
    );
    expect(answer.status).toBe(200);
    expect(events).toHaveLength(1);
  });
});

describe('akeneo configuration', () => {
  it.each<[string, () => unknown]>([
    ['an empty secret', () => akeneo({ secret: '' })],
    ['three secrets', () => akeneo({ secret: ['a', 'b', 'c'] as unknown as [string, string] })],
    ['an ack deadline past Akeneo’s 5 s', () => akeneo({ secret: PRIMARY, ackDeadlineMs: 5000 })],
    ['a failure status Akeneo does not retry', () => akeneo({ secret: PRIMARY, failureStatus: 404 })],
    ['a busy status other than 429/503', () => akeneo({ secret: PRIMARY, busyStatus: 500 as 503 })],
  ])('refuses %s', (_, make) => {
    expect(make).toThrow(PimConfigurationError);
  });
});
