import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, type PimEvent } from '../src/index.js';
import { batchOf, request, setup } from './helpers/bluestone.js';

async function send(body: string | Uint8Array, options = {}, requestPatch: Record<string, unknown> = {}) {
  const { receiver, errors } = setup(options);
  let handled = 0;
  receiver.onAny(() => {
    handled++;
  });
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
  const base = request(text);
  const answer = await receiver.handle({ ...base, body, ...requestPatch });
  return { answer, errors, handled, receiver };
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('bad input is answered with the right status and never reaches a handler', () => {
  it.each([
    ['not JSON', '{"timestamp": 1, "events": [', 'invalid_json'],
    ['JSON nested too deep', `{"timestamp":1,"events":${nested(MAX_JSON_DEPTH + 5)}}`, 'invalid_json'],
    ['a JSON array', '[]', 'invalid_envelope'],
    ['a JSON string', '"hello"', 'invalid_envelope'],
    ['no events', '{"timestamp":1}', 'invalid_envelope'],
    ['events not an array', '{"timestamp":1,"events":{}}', 'invalid_envelope'],
    ['an event without changes', '{"timestamp":1,"events":[{}]}', 'invalid_envelope'],
    [
      'an event without eventType',
      '{"timestamp":1,"events":[{"changes":{"entityIds":[]}}]}',
      'invalid_envelope',
    ],
    ['a timestamp that is not a number', '{"timestamp":"yesterday","events":[]}', 'invalid_envelope'],
    [
      'a known type of the wrong shape',
      '{"timestamp":1,"events":[{"changes":{"eventType":"PRODUCT_WATCH_CATEGORY","entityIds":["a"]}}]}',
      'invalid_event',
    ],
  ])('%s -> 400', async (_, body, code) => {
    const { answer, errors, handled } = await send(body);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: code });
    expect(errors.map((e) => e.code)).toEqual([code]);
    expect(handled).toBe(0);
  });

  it('refuses invalid UTF-8 instead of replacing it', async () => {
    const bytes = new Uint8Array([
      ...Buffer.from('{"timestamp":1,"events":[],"x":"'),
      0xff,
      0xfe,
      ...Buffer.from('"}'),
    ]);
    const { answer, errors } = await send(
      bytes,
      {},
      {
        headers: { 'x-bs-signature': (await import('./helpers/bluestone.js')).signBytes(bytes) },
      },
    );
    expect(answer.status).toBe(400);
    expect(errors[0]?.code).toBe('invalid_json');
  });

  it('accepts nesting up to the limit', async () => {
    const body = `{"timestamp":1,"events":[],"deep":${nested(MAX_JSON_DEPTH - 2)}}`;
    const { answer } = await send(body);
    expect(answer.status).toBe(200);
  });

  it('names where an invalid event is wrong, without copying payload values', async () => {
    const body =
      '{"timestamp":1,"events":[{"changes":{"eventType":"PRODUCT_WATCH_LABEL","entityIds":["a"],"labelChange":{"labelId":{"secret-ish":"value-123"}}}}]}';
    const { errors } = await send(body);
    expect(errors[0]?.message).toContain('events[0]');
    expect(errors[0]?.message).toContain('labelChange.labelId');
    expect(errors[0]?.message).not.toContain('value-123');
    expect(errors[0]?.eventType).toBe('PRODUCT_WATCH_LABEL');
  });

  it('acknowledges an unknown event type and delivers it untyped to wildcard handlers', async () => {
    const { receiver } = setup();
    const seen: PimEvent[] = [];
    receiver.on('bluestone:*', (event) => {
      seen.push(event);
    });
    let typed = 0;
    receiver.on('product.updated', () => {
      typed++;
    });
    const body = {
      timestamp: 5,
      events: [{ changes: { eventType: 'TASK_CREATED', entityIds: ['t1'], task: { x: 1 } } }],
    };
    const answer = await receiver.handle(request(body));
    expect(answer.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: 'TASK_CREATED', topic: undefined, entityIds: ['t1'], changes: [] });
    expect(seen[0]?.data).toEqual(body.events[0]?.changes);
    expect(typed).toBe(0);
  });

  it('delivers an unknown type to onAny too, beside known types of the same batch', async () => {
    const { receiver } = setup();
    const seen: PimEvent[] = [];
    receiver.onAny((event) => {
      seen.push(event);
    });
    const body = batchOf(['CATEGORY_REMOVED']) as { events: unknown[] };
    body.events.push({ changes: { eventType: 'PRODUCT_WATCH', entityIds: ['p1', 7] } });
    const answer = await receiver.handle(request(body));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 2, duplicates: 0 });
    expect(seen.map((e) => [e.type, e.topic])).toEqual([
      ['CATEGORY_REMOVED', 'category.deleted'],
      ['PRODUCT_WATCH', undefined],
    ]);
    // entityIds of an unknown type are only trusted when they are all strings.
    expect(seen[1]?.entityIds).toEqual([]);
  });

  it('refuses the whole batch when one event is invalid: no handler runs, not even for the valid ones', async () => {
    const body = batchOf(['PRODUCT_CREATED', 'CATEGORY_REMOVED']) as {
      events: { changes: Record<string, unknown> }[];
    };
    body.events.push({ changes: { eventType: 'PRODUCT_WATCH_ASSET', entityIds: ['p'], assetChange: {} } });
    const { answer, errors, handled } = await send(JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'invalid_event' });
    expect(errors[0]?.message).toContain('events[2]');
    expect(errors[0]?.message).toContain('assetChange.assetId');
    expect(handled).toBe(0);
  });

  it.each(['\\u005f_proto__', '__pr\\u006fto__'])(
    'drops __proto__ keys spelled with escapes (%s)',
    async (key) => {
      const body = `{"timestamp":1,"${key}":{"polluted":1},"events":[{"changes":{"eventType":"X_NEW","entityIds":["c"],"${key}":{"polluted":2}}},{"changes":{"eventType":"CATEGORY_REMOVED","entityIds":["c"],"${key}":{"polluted":3}}}]}`;
      const { receiver } = setup();
      const seen: PimEvent[] = [];
      receiver.onAny((event) => {
        seen.push(event);
      });
      expect((await receiver.handle(request(body))).status).toBe(200);
      expect(seen).toHaveLength(2);
      for (const event of seen) {
        for (const value of [event.data, event.raw, (event.raw as { changes: unknown }).changes]) {
          expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
          expect(Object.hasOwn(value as object, '__proto__')).toBe(false);
          // What a handler might do with the data must not pollute anything either.
          expect((Object.assign({}, value) as Record<string, unknown>).polluted).toBeUndefined();
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form-encoded', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['missing', {}],
  ])('judges a signed delivery by its bytes whatever its content type (%s)', async (_, contentType) => {
    const { receiver } = setup();
    let handled = 0;
    receiver.onAny(() => {
      handled++;
    });
    const base = request(batchOf(['PRODUCT_CREATED']));
    const { 'content-type': _dropped, ...headers } = base.headers as Record<string, string>;
    const answer = await receiver.handle({ ...base, headers: { ...headers, ...contentType } });
    expect(answer.status).toBe(200);
    expect(handled).toBe(1);
  });

  it('acknowledges an empty batch', async () => {
    const { answer } = await send('{"timestamp":1,"events":[]}');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 0, duplicates: 0 });
  });

  it('tolerates extra fields and numbers where strings are documented', async () => {
    const body = {
      timestamp: 1,
      extra: true,
      events: [
        {
          meta: 'x',
          changes: {
            eventType: 'PRODUCT_WATCH_BUNDLE_QUANTITY',
            entityIds: ['p'],
            bundleQuantityChange: { changeType: 'UPDATE', oldValue: 1, newValue: 2, note: 'new field' },
          },
        },
      ],
    };
    const { receiver } = setup();
    const values: unknown[] = [];
    receiver.on('PRODUCT_WATCH_BUNDLE_QUANTITY', (event) => {
      values.push(event.data.bundleQuantityChange.oldValue, event.data.bundleQuantityChange.newValue);
    });
    expect((await receiver.handle(request(body))).status).toBe(200);
    expect(values).toEqual(['1', '2']);
  });

  it('answers 413 for a body over maxBodyBytes', async () => {
    const { receiver, errors } = setup({}, { maxBodyBytes: 100 });
    const answer = await receiver.handle(request(batchOf(['PRODUCT_CREATED'])));
    expect(answer.status).toBe(413);
    expect(errors[0]?.code).toBe('payload_too_large');
  });

  it('answers 405 with Allow for a method Bluestone does not use', async () => {
    const { answer, errors, handled } = await send(
      JSON.stringify(batchOf(['PRODUCT_CREATED'])),
      {},
      { method: 'GET' },
    );
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(errors[0]?.code).toBe('method_not_allowed');
    expect(handled).toBe(0);
  });

  it('answers 404 for a source that is not configured', async () => {
    const { answer, errors } = await send('{}', {}, { source: 'acme' });
    expect(answer.status).toBe(404);
    expect(errors[0]?.code).toBe('unknown_source');
  });

  it('drops __proto__ keys, so a payload cannot pollute prototypes', async () => {
    const body =
      '{"timestamp":1,"__proto__":{"polluted":1},"events":[{"changes":{"eventType":"CATEGORY_REMOVED","entityIds":["c"],"__proto__":{"polluted":2}}}]}';
    const { receiver } = setup();
    let data: unknown;
    receiver.on('CATEGORY_REMOVED', (event) => {
      data = event.data;
    });
    expect((await receiver.handle(request(body))).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect((data as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('maxAgeMs (replay bound on the signed timestamp)', () => {
    const hour = 60 * 60 * 1000;

    it('is off by default: a delivery from 2023 is accepted', async () => {
      const { answer } = await send(JSON.stringify(batchOf(['PRODUCT_CREATED'], 1698151920627)));
      expect(answer.status).toBe(200);
    });

    it.each([
      ['too old', -2 * hour],
      ['too far in the future', 2 * hour],
    ])('refuses a timestamp %s with 401', async (_, offset) => {
      const { answer, errors, handled } = await send(
        JSON.stringify(batchOf(['PRODUCT_CREATED'], Date.now() + offset)),
        {
          maxAgeMs: hour,
        },
      );
      expect(answer.status).toBe(401);
      expect(errors[0]?.code).toBe('timestamp_out_of_range');
      expect(handled).toBe(0);
    });

    it('accepts a timestamp within range, and refuses a delivery without one', async () => {
      expect(
        (await send(JSON.stringify(batchOf(['PRODUCT_CREATED'], Date.now() - 1000)), { maxAgeMs: hour }))
          .answer.status,
      ).toBe(200);
      expect((await send('{"events":[]}', { maxAgeMs: hour })).answer.status).toBe(401);
    });
  });
});
