import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BRIGHTPEARL_EVENT_NAMES,
  bluestone,
  brightpearl,
  brightpearlTopics,
  createPimReceiver,
  PimConfigurationError,
  type PimEvent,
  PimWebhookError,
} from '../src/index.js';
import {
  BRIGHTPEARL_BODY_TEMPLATE,
  brightpearlDelivery,
  brightpearlValues,
  deliverTo,
  fillBrightpearlTemplate,
  KEY,
  sendDelivery,
  serve,
  setupBrightpearl,
} from './support/brightpearl.js';

type Setup = ReturnType<typeof setupBrightpearl>;

function capture(
  receiver: Setup['receiver'],
  name: Parameters<Setup['receiver']['on']>[0] = 'brightpearl:*',
) {
  const seen: PimEvent[] = [];
  receiver.on(name, (event) => {
    seen.push(event);
  });
  return seen;
}

const DOCUMENTED_IDS = ['1', '2', '3', '4', '5', '99', '202'];

describe('brightpearl: the documented body template', () => {
  it('reads every field of a POST and expands the id set', async () => {
    const { receiver, errors } = setupBrightpearl();
    const seen = capture(receiver);
    const delivery = brightpearlDelivery({ key: KEY });
    expect(delivery.body).toBe(
      fillBrightpearlTemplate(
        BRIGHTPEARL_BODY_TEMPLATE,
        brightpearlValues('product.modified.on-hand-modified', '1-5,99,202'),
      ),
    );
    const answer = await deliverTo(receiver, delivery);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 1, duplicates: 0 });
    expect(errors).toEqual([]);
    const [event] = seen as [PimEvent];
    expect(event).toMatchObject({
      source: 'brightpearl',
      type: 'product.modified.on-hand-modified',
      topic: 'stock.updated',
      entityIds: DOCUMENTED_IDS,
      changes: [],
    });
    expect(event.occurredAt?.toISOString()).toBe('2024-03-01T10:15:00.000Z');
    expect(event.data).toEqual({
      fullEvent: 'product.modified.on-hand-modified',
      resourceType: 'product',
      lifecycleEvent: 'modified',
      resourceSpecifier: 'on-hand-modified',
      accountCode: 'acmeretail',
      id: '1-5,99,202',
      idRanges: [
        { from: 1, to: 5 },
        { from: 99, to: 99 },
        { from: 202, to: 202 },
      ],
      raisedOn: '2024-03-01T10:15:00Z',
      brightpearlVersion: '5.104.0',
      fields: JSON.parse(delivery.body),
    });
    expect(event.delivery.id).toBe(event.id);
  });

  it('builds the name from resourceType and lifecycleEvent when fullEvent is absent, lowercased', async () => {
    const { receiver } = setupBrightpearl();
    const seen = capture(receiver);
    const delivery = brightpearlDelivery({
      key: KEY,
      values: { fullEvent: undefined, resourceType: 'Product', lifecycleEvent: 'Created' },
    });
    expect((await deliverTo(receiver, delivery)).status).toBe(200);
    expect(seen[0]).toMatchObject({ type: 'product.created', topic: 'product.created' });
  });

  it('reads the same fields from PUT, and from a form-encoded body', async () => {
    const { receiver } = setupBrightpearl();
    const seen = capture(receiver);
    await deliverTo(
      receiver,
      brightpearlDelivery({ key: KEY, method: 'PUT', event: 'sales-order.created', ids: '77' }),
    );
    await deliverTo(
      receiver,
      brightpearlDelivery({ key: KEY, encoding: 'form', event: 'order.destroyed', ids: '8-9' }),
    );
    expect(seen.map((e) => [e.type, e.topic, e.entityIds])).toEqual([
      ['sales-order.created', 'order.created', ['77']],
      ['order.destroyed', 'order.deleted', ['8', '9']],
    ]);
  });
});

describe('brightpearl: GET and DELETE deliveries (fields in the query)', () => {
  it('reads a GET delivery’s fields from its query string', async () => {
    const { receiver } = setupBrightpearl();
    const seen = capture(receiver);
    const delivery = brightpearlDelivery({
      key: KEY,
      method: 'GET',
      event: 'goods-out-note.modified.shipped',
      ids: '1001',
    });
    expect(delivery.body).toBe('');
    expect((await deliverTo(receiver, delivery)).status).toBe(200);
    expect(seen[0]).toMatchObject({
      type: 'goods-out-note.modified.shipped',
      topic: undefined,
      entityIds: ['1001'],
      data: {
        resourceType: 'goods-out-note',
        lifecycleEvent: 'modified',
        resourceSpecifier: 'shipped',
        accountCode: 'acmeretail',
      },
    });
  });

  it('reads a DELETE delivery too', async () => {
    const { receiver } = setupBrightpearl();
    const seen = capture(receiver, 'product.deleted');
    expect(
      (
        await deliverTo(
          receiver,
          brightpearlDelivery({ key: KEY, method: 'DELETE', event: 'product.destroyed', ids: '5' }),
        )
      ).status,
    ).toBe(200);
    expect(seen.map((e) => e.entityIds)).toEqual([['5']]);
  });

  it('tells GET deliveries apart by their query, and deduplicates their retries', async () => {
    const { receiver } = setupBrightpearl();
    const seen = capture(receiver);
    const a = brightpearlDelivery({ key: KEY, method: 'GET', event: 'product.modified', ids: '1' });
    const b = brightpearlDelivery({ key: KEY, method: 'GET', event: 'product.modified', ids: '2' });
    const answers = [];
    for (const d of [a, b, a, b]) answers.push(JSON.parse((await deliverTo(receiver, d)).body).duplicates);
    expect(answers).toEqual([0, 0, 1, 1]);
    expect(seen.map((e) => e.entityIds)).toEqual([['1'], ['2']]);
    expect(seen[0]?.id).not.toBe(seen[1]?.id);
  });

  it('lets body fields win over query fields of the same name', async () => {
    const { receiver } = setupBrightpearl();
    const seen = capture(receiver);
    const d = brightpearlDelivery({ key: KEY, event: 'product.created', ids: '3' });
    await deliverTo(receiver, { ...d, query: 'fullEvent=product.destroyed&channel=web' });
    expect(seen[0]).toMatchObject({ type: 'product.created', data: { fields: { channel: 'web' } } });
  });
});

describe('brightpearl: the key', () => {
  it('accepts the key in the path, and any key of a rotation list', async () => {
    const { receiver } = setupBrightpearl({ key: ['previous-key-0123456789', KEY] });
    expect((await deliverTo(receiver, brightpearlDelivery({ key: KEY }))).status).toBe(200);
    expect(
      (await deliverTo(receiver, brightpearlDelivery({ key: 'previous-key-0123456789', ids: '9' }))).status,
    ).toBe(200);
  });

  it('answers 401 without detail to a wrong or missing key, and runs no handler', async () => {
    const { receiver, errors, logger } = setupBrightpearl();
    const seen = capture(receiver);
    const good = brightpearlDelivery({ key: KEY });
    for (const pathSegments of [['wrong-key-0123456789abc'], [`${KEY}x`], [KEY.slice(0, -1)], [], ['']]) {
      const answer = await deliverTo(receiver, { ...good, pathSegments });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'unauthorized' });
    }
    expect(errors.map((e) => e.code)).toEqual([
      'token_invalid',
      'token_invalid',
      'token_invalid',
      'token_missing',
      'token_missing',
    ]);
    expect(seen).toEqual([]);
    expect(logger.lines.join('\n')).not.toContain(KEY.slice(0, 10));
  });

  it('reads the key from a query parameter when configured so', async () => {
    const { receiver, errors } = setupBrightpearl({ keyQueryParameter: 'k' });
    const seen = capture(receiver);
    const good = brightpearlDelivery({
      key: KEY,
      keyQueryParameter: 'k',
      method: 'GET',
      event: 'product.created',
      ids: '4',
    });
    expect((await deliverTo(receiver, good)).status).toBe(200);
    expect(seen[0]?.data).toMatchObject({ fields: { fullEvent: 'product.created' } });
    expect(Object.keys((seen[0]?.data as { fields: object } | undefined)?.fields ?? {})).toEqual(
      expect.not.arrayContaining(['k']),
    );
    expect(seen).toHaveLength(1);
    // The key in the path is not read in this mode; a doubled parameter is refused.
    const inPath = brightpearlDelivery({ key: KEY, ids: '5' });
    expect((await deliverTo(receiver, inPath)).status).toBe(401);
    expect((await deliverTo(receiver, { ...good, query: `${good.query}&k=${KEY}` })).status).toBe(401);
    expect(
      (await deliverTo(receiver, { ...good, query: `${good.query}`.replace(KEY, 'wrong-0123456789abcdefg') }))
        .status,
    ).toBe(401);
    expect(errors.map((e) => e.code)).toEqual(['token_missing', 'token_invalid', 'token_invalid']);
  });

  it('refuses short or missing keys at setup', () => {
    expect(() => brightpearl({ key: 'short' })).toThrow(PimConfigurationError);
    expect(() => brightpearl({ key: 'fifteen-chars!!' })).toThrow(/at least 16 characters/);
    expect(() => brightpearl({ key: [KEY, 'short'] })).toThrow(PimConfigurationError);
    expect(() => brightpearl({ key: [] })).toThrow(PimConfigurationError);
    expect(() => brightpearl({ key: undefined as unknown as string })).toThrow(PimConfigurationError);
    expect(() => brightpearl({ key: 'sixteen-chars!!!' })).not.toThrow();
  });
});

describe('brightpearl: methods and options', () => {
  it('answers 405 to a method not configured', async () => {
    const { receiver } = setupBrightpearl({ methods: ['POST'] });
    const answer = await deliverTo(receiver, brightpearlDelivery({ key: KEY, method: 'GET' }));
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(
      (await deliverTo(receiver, brightpearlDelivery({ key: KEY, method: 'PATCH' as 'PUT' }))).status,
    ).toBe(405);
  });

  it('refuses impossible options at setup', () => {
    expect(() => brightpearl({ key: KEY, methods: [] })).toThrow(PimConfigurationError);
    expect(() => brightpearl({ key: KEY, methods: ['PATCH' as 'PUT'] })).toThrow(PimConfigurationError);
    expect(() => brightpearl({ key: KEY, maxIdSetSize: 0 })).toThrow(PimConfigurationError);
    expect(() => brightpearl({ key: KEY, mapping: { id: '' } })).toThrow(PimConfigurationError);
    expect(() => brightpearl({ key: KEY, mapping: { ids: 'x' } as never })).toThrow(/has no field "ids"/);
    expect(() => brightpearl({ key: KEY, keyQueryParameter: 'id' })).toThrow(/both the key/);
  });

  it('reads a custom template through the mapping, in a body and in a query', async () => {
    const mapping = { fullEvent: 'event', id: 'ids', raisedOn: 'at', accountCode: 'account' } as const;
    const { receiver } = setupBrightpearl({ mapping });
    const seen = capture(receiver);
    await deliverTo(
      receiver,
      brightpearlDelivery({ key: KEY, mapping, event: 'product.created', ids: '10-12' }),
    );
    await deliverTo(
      receiver,
      brightpearlDelivery({ key: KEY, mapping, method: 'GET', event: 'product.modified', ids: '13' }),
    );
    expect(seen.map((e) => [e.type, e.entityIds, (e.data as { accountCode: string }).accountCode])).toEqual([
      ['product.created', ['10', '11', '12'], 'acmeretail'],
      ['product.modified', ['13'], 'acmeretail'],
    ]);
    expect(seen[0]?.occurredAt?.toISOString()).toBe('2024-03-01T10:15:00.000Z');
    // The default names mean nothing to this source now.
    const documented = brightpearlDelivery({
      key: KEY,
      event: 'product.created',
      ids: '1',
      values: { fullEvent: 'product.created' },
    });
    const answer = await deliverTo(receiver, {
      ...documented,
      body: JSON.stringify({ fullEvent: 'product.created', resourceType: 'x' }),
    });
    expect(answer.status).toBe(400);
  });

  it('reads a specifier from its own field when the template sends the parts', async () => {
    const { receiver } = setupBrightpearl();
    const seen = capture(receiver);
    const values = {
      fullEvent: undefined,
      resourceType: 'goods-out-note',
      lifecycleEvent: 'modified',
      resourceSpecifier: 'packed',
    };
    await deliverTo(
      receiver,
      brightpearlDelivery({ key: KEY, values, mapping: { resourceSpecifier: 'resourceSpecifier' } }),
    );
    expect(seen[0]?.type).toBe('goods-out-note.modified.packed');
  });
});

describe('brightpearl: id sets', () => {
  async function idsOf(ids: string, maxIdSetSize?: number) {
    const { receiver, errors } = setupBrightpearl(maxIdSetSize === undefined ? {} : { maxIdSetSize });
    const seen = capture(receiver);
    const answer = await deliverTo(
      receiver,
      brightpearlDelivery({ key: KEY, ids, event: 'product.modified' }),
    );
    return { status: answer.status, body: JSON.parse(answer.body), entityIds: seen[0]?.entityIds, errors };
  }

  it('expands single ids, ranges and lists, each id once', async () => {
    expect((await idsOf('42')).entityIds).toEqual(['42']);
    expect((await idsOf('1-5,99,202')).entityIds).toEqual(DOCUMENTED_IDS);
    expect((await idsOf(' 7 - 9 , 3 ')).entityIds).toEqual(['7', '8', '9', '3']);
    expect((await idsOf('1-3,2-4,3')).entityIds).toEqual(['1', '2', '3', '4']);
    expect((await idsOf('007')).entityIds).toEqual(['7']);
    expect((await idsOf('')).entityIds).toEqual([]);
  });

  it('expands any valid set into exactly the ids it covers', async () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 40 }));
    const source = brightpearl({ key: KEY });
    await fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 20 }), (ranges) => {
        const text = ranges
          .map(([from, length]) => (length === 0 ? `${from}` : `${from}-${from + length}`))
          .join(',');
        const expected = new Set<string>();
        for (const [from, length] of ranges)
          for (let i = from; i <= from + length; i++) expected.add(String(i));
        const delivery = brightpearlDelivery({ key: KEY, ids: text, event: 'product.modified' });
        const incoming = {
          method: 'POST',
          headers: { get: (n: string) => (n === 'content-type' ? 'application/json' : undefined) },
          body: new TextEncoder().encode(delivery.body),
          pathSegments: [KEY],
          query: new URLSearchParams(),
          receivedAt: new Date(),
          id: 'x',
        };
        const [event] = source.toEvents(source.decode(incoming), incoming);
        expect(new Set(event?.entityIds)).toEqual(expected);
        expect(event?.entityIds).toHaveLength(expected.size);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a hostile range with 400 without expanding it', async () => {
    for (const ids of ['1-999999999', '0-999999999999999', '1-5000,6000-12000']) {
      const result = await idsOf(ids);
      expect(result.status).toBe(400);
      expect(result.body).toEqual({ ok: false, error: 'invalid_event' });
      expect(result.errors[0]?.message).toMatch(/more than 10000 ids/);
      expect(result.entityIds).toBeUndefined();
    }
  });

  it('bounds the number of parts by the same limit', async () => {
    const result = await idsOf(Array.from({ length: 20_000 }, (_, i) => String(i)).join(','));
    expect(result.status).toBe(400);
    expect(result.errors[0]?.message).toMatch(/more than 10000 ids/);
  });

  it('takes the bound from maxIdSetSize', async () => {
    expect((await idsOf('1-20', 10)).status).toBe(400);
    expect((await idsOf('1-20', 20)).entityIds).toHaveLength(20);
    expect((await idsOf('1-20000', 20_000)).entityIds).toHaveLength(20_000);
  });

  it('refuses malformed sets with 400', async () => {
    for (const ids of [
      '5-1',
      'a-b',
      'abc',
      '1,,2',
      '1,',
      ',1',
      '1-',
      '-5',
      '1-2-3',
      '1.5',
      '-',
      '1 2',
      '1234567890123456',
      '0x10',
    ]) {
      const result = await idsOf(ids);
      expect(result.status, ids).toBe(400);
      expect(
        result.errors.map((e) => e.code),
        ids,
      ).toEqual(['invalid_event']);
    }
  });
});

describe('brightpearl: names, topics and the product.created collision', () => {
  it('has a topic entry for every typed name', () => {
    expect(Object.keys(brightpearlTopics)).toEqual(BRIGHTPEARL_EVENT_NAMES);
  });

  it('maps product, order and stock events to their topics; other resources to none', async () => {
    const { receiver } = setupBrightpearl();
    const seen = capture(receiver);
    const names = [
      'product.created',
      'product.modified',
      'product.destroyed',
      'product.modified.on-hand-modified',
      'order.modified.fully-shipped',
      'sales-order.destroyed',
      'goods-in-note.created',
      'widget.created',
      'product.modified.price-changed',
    ];
    for (const [i, event] of names.entries())
      await deliverTo(receiver, brightpearlDelivery({ key: KEY, event, ids: String(i) }));
    expect(seen.map((e) => e.topic)).toEqual([
      'product.created',
      'product.updated',
      'product.deleted',
      'stock.updated',
      'order.updated',
      'order.deleted',
      undefined,
      // Names pimhooks does not type arrive without topic (their handlers: `brightpearl:*`).
      undefined,
      undefined,
    ]);
  });

  it('reaches Brightpearl’s product.created as brightpearl:product.created; the topic gets every vendor’s', async () => {
    const secret = 'bluestone-secret';
    const receiver = createPimReceiver({
      sources: [brightpearl({ key: KEY }), bluestone({ secret })],
      logger: false,
    });
    const calls: string[] = [];
    receiver.on('product.created', (e) => {
      calls.push(`topic:${e.source}:${e.type}`);
    });
    receiver.on('brightpearl:product.created', (e) => {
      calls.push(`qualified:${e.source}:${e.type}`);
    });
    receiver.on('PRODUCT_CREATED', (e) => {
      calls.push(`bare:${e.source}:${e.type}`);
    });
    receiver.on('product.modified', (e) => {
      calls.push(`bare:${e.source}:${e.type}`);
    });
    await deliverTo(receiver, brightpearlDelivery({ key: KEY, event: 'product.created', ids: '1' }));
    const body = JSON.stringify({
      timestamp: 1,
      events: [{ changes: { eventType: 'PRODUCT_CREATED', entityIds: ['p1'] } }],
    });
    const signature = createHmac('sha256', secret).update(body).digest('hex');
    await receiver.handle({
      source: 'bluestone',
      method: 'POST',
      headers: { 'x-bs-signature': signature },
      body,
    });
    await deliverTo(receiver, brightpearlDelivery({ key: KEY, event: 'product.modified', ids: '2' }));
    expect(calls).toEqual([
      'qualified:brightpearl:product.created',
      'topic:brightpearl:product.created',
      'bare:bluestone:PRODUCT_CREATED',
      'topic:bluestone:PRODUCT_CREATED',
      'bare:brightpearl:product.modified',
    ]);
  });
});

describe('brightpearl: bad input', () => {
  const cases: [string, Partial<ReturnType<typeof brightpearlDelivery>>, string][] = [
    ['a body that is not JSON', { body: '{"fullEvent": ' }, 'invalid_json'],
    ['a JSON array', { body: '[1]' }, 'invalid_envelope'],
    ['no event name', { body: JSON.stringify({ id: '1' }) }, 'invalid_event'],
    [
      'a lifecycle without resource type',
      { body: JSON.stringify({ lifecycleEvent: 'created', id: '1' }) },
      'invalid_event',
    ],
    [
      'an event name of another shape',
      { body: JSON.stringify({ fullEvent: 'product created', id: '1' }) },
      'invalid_event',
    ],
    [
      'an unfilled template',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Brightpearl variable left unfilled.
      { body: JSON.stringify({ fullEvent: '${full-event}', id: '1' }) },
      'invalid_event',
    ],
    ['a GET without fields', { method: 'GET', body: '', query: '' }, 'invalid_event'],
  ];
  for (const [what, change, code] of cases) {
    it(`answers 400 (${code}) to ${what}`, async () => {
      const { receiver, errors } = setupBrightpearl();
      const seen = capture(receiver);
      const answer = await deliverTo(receiver, { ...brightpearlDelivery({ key: KEY }), ...change });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({ ok: false, error: code });
      expect(errors.map((e) => e.code)).toEqual([code]);
      expect(seen).toEqual([]);
    });
  }
});

describe('brightpearl: answers both QoS levels retry', () => {
  it('answers 503 + Retry-After to a handler failure, and runs the retry again', async () => {
    const { receiver, errors } = setupBrightpearl({ retryAfterSeconds: 120 });
    let calls = 0;
    receiver.on('stock.updated', () => {
      calls++;
      if (calls === 1) throw new Error('warehouse API down');
    });
    const delivery = brightpearlDelivery({ key: KEY });
    const failed = await deliverTo(receiver, delivery);
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('120');
    expect(JSON.parse(failed.body)).toEqual({ ok: false, error: 'handler_failed' });
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);
    const retried = await deliverTo(receiver, delivery);
    expect(retried.status).toBe(200);
    expect(calls).toBe(2);
    const duplicate = await deliverTo(receiver, delivery);
    expect(JSON.parse(duplicate.body)).toMatchObject({ duplicates: 1 });
    expect(calls).toBe(2);
  });

  it('answers 503, never a 4xx or another 5xx, to transient or server-side problems', () => {
    const { receiver } = setupBrightpearl();
    for (const code of [
      'body_timeout',
      'raw_body_unavailable',
      'internal_error',
      'store_unavailable',
    ] as const) {
      const answer = receiver.reject(
        new PimWebhookError(code, 'problem', { source: 'brightpearl' }),
        'brightpearl',
      );
      expect(answer.status, code).toBe(503);
      expect(answer.headers['retry-after']).toBe('60');
    }
    const tooLarge = receiver.reject(new PimWebhookError('payload_too_large', 'big'), 'brightpearl');
    expect(tooLarge.status).toBe(413);
  });
});

describe('brightpearl: over real HTTP', () => {
  it('serves GET (key in path) and POST deliveries on node:http', async () => {
    const { receiver } = setupBrightpearl();
    const seen = capture(receiver);
    const server = await serve(receiver);
    try {
      const get = await sendDelivery(
        server.url,
        brightpearlDelivery({ key: KEY, method: 'GET', event: 'sales-order.created', ids: '500-502' }),
      );
      expect(get.status).toBe(200);
      const post = await sendDelivery(server.url, brightpearlDelivery({ key: KEY }));
      expect(post.status).toBe(200);
      const wrong = await sendDelivery(server.url, brightpearlDelivery({ key: 'not-the-key-0123456789' }));
      expect(wrong.status).toBe(401);
    } finally {
      await server.close();
    }
    expect(seen.map((e) => [e.type, e.entityIds.length])).toEqual([
      ['sales-order.created', 3],
      ['product.modified.on-hand-modified', 7],
    ]);
  });
});
