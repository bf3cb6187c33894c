import { describe, expect, it } from 'vitest';
import {
  type IdempotencyStore,
  PimConfigurationError,
  type PimEvent,
  QUABLE_EVENT_CODES,
  type QuableEventCode,
  quable,
  quableTopics,
} from '../src/index.js';
import {
  deliverTo,
  LineLogger,
  quableDelivery,
  quableExamples,
  quableNotification,
  quableSeedExample,
  sendDelivery,
  serve,
  setupQuable,
  TOKEN,
} from './support/quable.js';

function capture(
  receiver: ReturnType<typeof setupQuable>['receiver'],
  name: Parameters<typeof receiver.on>[0],
) {
  const seen: PimEvent[] = [];
  receiver.on(name, (event) => {
    seen.push(event);
  });
  return seen;
}

describe('quable: every documented event code', () => {
  it('has one example per code, and 21 codes', () => {
    expect(Object.keys(quableExamples).sort()).toEqual([...QUABLE_EVENT_CODES].sort());
    expect(QUABLE_EVENT_CODES).toHaveLength(21);
  });

  for (const code of QUABLE_EVENT_CODES) {
    it(`${code}: accepted, typed, normalized and handled once`, async () => {
      const { receiver, errors } = setupQuable();
      const seen = capture(receiver, `quable:${code}`);
      const body = quableExamples[code];
      const answer = await deliverTo(receiver, quableDelivery(code, { token: TOKEN }));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 1, duplicates: 0 });
      expect(errors).toEqual([]);
      expect(seen).toHaveLength(1);
      const [event] = seen as [PimEvent];
      expect(event).toMatchObject({ id: body.uuid, source: 'quable', type: code });
      // The examples' documents are products, so every code has its table topic.
      expect(event.topic).toBe(quableTopics[code]);
      expect(event.entityIds).toEqual([body.resource?.code]);
      expect(event.occurredAt?.toISOString()).toBe(new Date(body.created_at).toISOString());
      expect(event.raw).toEqual(body);
      expect(event.data).toMatchObject({ uuid: body.uuid, code });
      expect(event.delivery).toMatchObject({ index: 0, count: 1 });
      const items = body.resource?.updated_items ?? [];
      expect(event.changes).toHaveLength(items.length);
    });
  }
});

describe('quable: the documented example', () => {
  it('round-trips: ids, topic, changes with locale, process and data', async () => {
    const { receiver } = setupQuable();
    const byName = capture(receiver, 'document.update');
    const byTopic = capture(receiver, 'product.updated');
    const answer = await deliverTo(receiver, quableDelivery(quableSeedExample, { token: TOKEN }));
    expect(answer.status).toBe(200);
    expect(byName).toHaveLength(1);
    expect(byTopic).toEqual(byName);
    const [event] = byName as [PimEvent<'quable', 'document.update'>];
    expect(event.id).toBe('ce6c64a3-4f27-4b0e-862c-ee780eae06d1');
    expect(event.topic).toBe('product.updated');
    expect(event.entityIds).toEqual(['product_blue_pant']);
    expect(event.occurredAt?.toISOString()).toBe('2020-06-18T11:48:17.000Z');
    expect(event.changes).toEqual([
      { field: 'color', kind: 'update', locale: 'fr_FR' },
      { field: 'name', kind: 'update', locale: 'fr_FR' },
    ]);
    expect(event.data).toEqual(quableSeedExample);
  });

  it('names a non-field item by its type, with its code as relatedId, and leaves the locale out when several', async () => {
    const { receiver } = setupQuable();
    const seen = capture(receiver, 'quable:document.create');
    const body = quableNotification('document.create');
    body.resource = {
      ...body.resource,
      locales: { updated: ['fr_FR', 'en_GB'] },
      updated_items: [
        { type: 'field', code: 'color' },
        { type: 'asset', code: 'img_1' },
      ],
    };
    await deliverTo(receiver, quableDelivery(body, { token: TOKEN }));
    expect(seen[0]?.changes).toEqual([
      { field: 'color', kind: 'create' },
      { field: 'asset', kind: 'create', relatedId: 'img_1' },
    ]);
  });

  it('reads a single locale string as a list of one', async () => {
    const { receiver } = setupQuable();
    const seen = capture(receiver, 'document.update');
    const body = quableNotification('document.update');
    body.resource = { ...body.resource, locales: { updated: 'de_DE' as unknown as string[] } };
    await deliverTo(receiver, quableDelivery(body, { token: TOKEN }));
    expect(seen[0]?.changes.map((c) => c.locale)).toEqual(['de_DE', 'de_DE']);
    expect((seen[0]?.data as { resource: { locales: unknown } } | undefined)?.resource.locales).toEqual({
      updated: ['de_DE'],
    });
  });
});

describe('quable: document types and topics', () => {
  function documentOfType(type: string | undefined) {
    const body = quableNotification('document.update');
    body.uuid = `doc-${type ?? 'none'}`;
    const resource = { ...body.resource };
    if (type === undefined) delete resource.document_type_code;
    else resource.document_type_code = type;
    body.resource = resource;
    return quableDelivery(body, { token: TOKEN });
  }

  it('gives product topics only to product documents', async () => {
    const { receiver } = setupQuable();
    const all = capture(receiver, 'document.update');
    const products = capture(receiver, 'product.updated');
    for (const type of ['product', 'brand', undefined]) {
      expect((await deliverTo(receiver, documentOfType(type))).status).toBe(200);
    }
    expect(all.map((e) => e.topic)).toEqual(['product.updated', undefined, undefined]);
    expect(products.map((e) => e.id)).toEqual(['doc-product']);
  });

  it('takes the product document types from productDocumentTypes', async () => {
    const { receiver } = setupQuable({ token: TOKEN, productDocumentTypes: ['article', 'brand'] });
    const products = capture(receiver, 'product.updated');
    for (const type of ['product', 'brand', 'article']) await deliverTo(receiver, documentOfType(type));
    expect(products.map((e) => e.id)).toEqual(['doc-brand', 'doc-article']);
  });

  it('maps media, classifications, variants and processes to their topics; links and values to none', async () => {
    const { receiver } = setupQuable();
    const topics: Record<string, string | undefined> = {};
    receiver.on('quable:*', (event) => {
      topics[event.type] = event.topic;
    });
    const codes: QuableEventCode[] = [
      'media.delete',
      'classification.create',
      'variant.update',
      'link.create',
      'value.update',
      'import.finish',
      'bulk_edit.finish',
      'export.finish',
    ];
    for (const code of codes) await deliverTo(receiver, quableDelivery(code, { token: TOKEN }));
    expect(topics).toEqual({
      'media.delete': 'asset.deleted',
      'classification.create': 'category.created',
      'variant.update': 'variant.updated',
      'link.create': undefined,
      'value.update': undefined,
      'import.finish': 'import.completed',
      'bulk_edit.finish': 'bulk_edit.completed',
      'export.finish': 'export.completed',
    });
  });

  it('takes a process event’s entity id from process.id when it has no resource', async () => {
    const { receiver } = setupQuable();
    const seen = capture(receiver, 'import.completed');
    const body = quableNotification('import.finish');
    delete body.resource;
    expect((await deliverTo(receiver, quableDelivery(body, { token: TOKEN }))).status).toBe(200);
    expect(seen[0]?.entityIds).toEqual([body.process?.id]);
  });
});

describe('quable: the Authorization token', () => {
  const delivery = () => quableDelivery('media.update', { token: TOKEN });

  it('accepts the configured value, with or without a Bearer prefix on either side', async () => {
    for (const [configured, sent] of [
      [TOKEN, TOKEN],
      [TOKEN, `Bearer ${TOKEN}`],
      [`Bearer ${TOKEN}`, TOKEN],
      [`Bearer ${TOKEN}`, `bearer ${TOKEN}`],
    ] as const) {
      const { receiver, errors } = setupQuable({ token: configured });
      const answer = await deliverTo(receiver, { ...delivery(), headers: { authorization: sent } });
      expect(answer.status, `${configured} / ${sent}`).toBe(200);
      expect(errors).toEqual([]);
    }
  });

  it('accepts any token of a rotation list', async () => {
    const { receiver } = setupQuable({ token: ['old-token-value', TOKEN] });
    expect((await deliverTo(receiver, delivery())).status).toBe(200);
    expect(
      (await deliverTo(receiver, quableDelivery('media.create', { token: 'old-token-value' }))).status,
    ).toBe(200);
  });

  it('answers 401 without detail to a wrong, missing, empty or duplicated header, and runs no handler', async () => {
    const { receiver, errors, logger } = setupQuable();
    const seen = capture(receiver, 'quable:*');
    const cases: [Record<string, string | string[]>, string][] = [
      [{ authorization: 'not-the-token' }, 'token_invalid'],
      [{ authorization: `${TOKEN}x` }, 'token_invalid'],
      [{ authorization: 'Bearer' }, 'token_invalid'],
      [{}, 'token_missing'],
      [{ authorization: '' }, 'token_missing'],
      [{ authorization: [TOKEN, TOKEN] }, 'token_invalid'],
    ];
    for (const [headers] of cases) {
      const d = delivery();
      const answer = await receiver.handle({ source: 'quable', method: 'POST', headers, body: d.body });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'unauthorized' });
    }
    expect(errors.map((e) => e.code)).toEqual(cases.map(([, code]) => code));
    expect(seen).toEqual([]);
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
  });

  it('refuses an empty token at setup', () => {
    expect(() => quable({ token: '' })).toThrow(PimConfigurationError);
    expect(() => quable({ token: 'Bearer ' })).toThrow(PimConfigurationError);
    expect(() => quable({ token: [] })).toThrow(PimConfigurationError);
  });
});

describe('quable: without a token', () => {
  it('warns once at setup, then accepts every delivery', async () => {
    const logger = new LineLogger();
    const { receiver } = setupQuable({ logger }, { logger: false });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn quable: no `token` is configured, so ANYONE/);
    for (const headers of [{}, { authorization: 'anything' }] as Record<string, string>[]) {
      const answer = await deliverTo(receiver, { ...quableDelivery('document.delete'), headers });
      expect(answer.status).toBe(200);
    }
    expect(logger.lines).toHaveLength(1);
  });

  it('warns on stderr by default and not at all with logger: false', () => {
    const original = console.warn;
    const warned: unknown[][] = [];
    console.warn = (...args: unknown[]) => {
      warned.push(args);
    };
    try {
      quable();
      quable({ logger: false });
      quable({ token: TOKEN });
    } finally {
      console.warn = original;
    }
    expect(warned).toHaveLength(1);
    expect(String(warned[0]?.[0])).toContain('ANYONE');
  });
});

describe('quable: bad input', () => {
  const bodies: [string, string, string][] = [
    ['not JSON', '{"uuid": ', 'invalid_json'],
    ['a JSON array', '[]', 'invalid_envelope'],
    ['no uuid', JSON.stringify({ ...quableSeedExample, uuid: undefined }), 'invalid_envelope'],
    ['a numeric uuid', JSON.stringify({ ...quableSeedExample, uuid: 7 }), 'invalid_envelope'],
    ['no code', JSON.stringify({ ...quableSeedExample, code: undefined }), 'invalid_envelope'],
    [
      'a known code without resource',
      JSON.stringify({ ...quableSeedExample, resource: undefined }),
      'invalid_event',
    ],
    [
      'a resource without code',
      JSON.stringify({ ...quableSeedExample, resource: { type: 'document' } }),
      'invalid_event',
    ],
    [
      'updated_items of the wrong shape',
      JSON.stringify({ ...quableSeedExample, resource: { code: 'p', updated_items: 'color' } }),
      'invalid_event',
    ],
  ];
  for (const [what, body, code] of bodies) {
    it(`answers 400 (${code}) to ${what}, and runs no handler`, async () => {
      const { receiver, errors } = setupQuable();
      const seen = capture(receiver, 'quable:*');
      const answer = await deliverTo(receiver, {
        ...quableDelivery('document.update', { token: TOKEN }),
        body,
      });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({ ok: false, error: code });
      expect(errors.map((e) => e.code)).toEqual([code]);
      expect(seen).toEqual([]);
    });
  }

  it('answers 405 to other methods', async () => {
    const { receiver } = setupQuable();
    const answer = await deliverTo(receiver, {
      ...quableDelivery('document.update', { token: TOKEN }),
      method: 'PUT',
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
  });

  it('passes extra fields through and leaves out an unreadable date', async () => {
    const { receiver } = setupQuable();
    const seen = capture(receiver, 'document.update');
    const body = { ...quableNotification('document.update'), created_at: 'yesterday', tenant: 'eu-1' };
    expect((await deliverTo(receiver, quableDelivery(body, { token: TOKEN }))).status).toBe(200);
    expect(seen[0]?.occurredAt).toBeUndefined();
    expect(seen[0]?.data).toMatchObject({ tenant: 'eu-1' });
  });
});

describe('quable: unknown codes and duplicates', () => {
  it('delivers an unknown code untyped, without topic, and acknowledges it', async () => {
    const { receiver, errors } = setupQuable();
    const seen = capture(receiver, 'quable:*');
    const body = { ...quableNotification('document.update'), uuid: 'u-archive', code: 'document.archive' };
    const answer = await deliverTo(receiver, quableDelivery(body, { token: TOKEN }));
    expect(answer.status).toBe(200);
    expect(errors).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      id: 'u-archive',
      type: 'document.archive',
      topic: undefined,
      entityIds: ['product_blue_pant'],
      changes: [],
    });
    expect(seen[0]?.occurredAt?.toISOString()).toBe('2020-06-18T11:48:17.000Z');
  });

  it('runs an event once per uuid, even when a retry’s bytes differ', async () => {
    const { receiver } = setupQuable();
    const seen = capture(receiver, 'document.update');
    const first = await deliverTo(receiver, quableDelivery('document.update', { token: TOKEN }));
    const again = await deliverTo(receiver, quableDelivery('document.update', { token: TOKEN }));
    const reworded = await deliverTo(
      receiver,
      quableDelivery('document.update', { token: TOKEN, overrides: { created_by: 'jane' } }),
    );
    const other = await deliverTo(
      receiver,
      quableDelivery('document.update', { token: TOKEN, uuid: 'another-event' }),
    );
    expect([first, again, reworded, other].map((a) => JSON.parse(a.body).duplicates)).toEqual([0, 1, 1, 0]);
    expect(seen.map((e) => e.id)).toEqual([quableSeedExample.uuid, 'another-event']);
  });
});

describe('quable: handler failures', () => {
  it('acknowledges with 200 by default, reports handler_failed, and runs the event again if it comes back', async () => {
    const { receiver, errors } = setupQuable();
    let calls = 0;
    receiver.on('media.update', () => {
      calls++;
      throw new Error('downstream is down');
    });
    const answer = await deliverTo(receiver, quableDelivery('media.update', { token: TOKEN }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 1, acknowledged: 'handler_failed' });
    expect(errors.map((e) => [e.code, e.eventId, e.eventType])).toEqual([
      ['handler_failed', quableExamples['media.update'].uuid, 'media.update'],
    ]);
    await deliverTo(receiver, quableDelivery('media.update', { token: TOKEN }));
    expect(calls).toBe(2);
  });

  it("answers 503 with onHandlerFailure: 'retry'", async () => {
    const { receiver, errors } = setupQuable({ token: TOKEN, onHandlerFailure: 'retry' });
    receiver.on('product.deleted', async () => {
      throw new Error('nope');
    });
    const answer = await deliverTo(receiver, quableDelivery('document.delete', { token: TOKEN }));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('300');
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'handler_failed' });
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);
  });

  it('acknowledges a copy in flight on another instance by default, and asks for a retry with retry', async () => {
    // Another instance holds the claim: the store answers in_flight.
    const busy: IdempotencyStore = { claim: () => 'in_flight', complete() {}, release() {} };
    const acknowledge = setupQuable({ token: TOKEN }, { store: busy });
    const ack = await deliverTo(acknowledge.receiver, quableDelivery('document.update', { token: TOKEN }));
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.body)).toEqual({ ok: true, events: 1, acknowledged: 'in_flight' });

    const retry = setupQuable(
      { token: TOKEN, onHandlerFailure: 'retry', retryAfterSeconds: 30 },
      { store: busy },
    );
    const answer = await deliverTo(retry.receiver, quableDelivery('document.update', { token: TOKEN }));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('30');
  });

  it('refuses an unknown failure policy at setup', () => {
    expect(() => quable({ token: TOKEN, onHandlerFailure: 'ignore' as 'retry' })).toThrow(
      PimConfigurationError,
    );
    expect(() => quable({ token: TOKEN, ackDeadlineMs: 0 })).toThrow(PimConfigurationError);
  });
});

describe('quable: over real HTTP', () => {
  it('serves deliveries on node:http: good token 200, wrong token 401', async () => {
    const { receiver } = setupQuable();
    const seen = capture(receiver, 'classification.update');
    const server = await serve(receiver);
    try {
      const ok = await sendDelivery(
        server.url,
        quableDelivery('classification.update', { token: TOKEN, bearer: true }),
      );
      expect(ok.status).toBe(200);
      const wrong = await sendDelivery(
        server.url,
        quableDelivery('classification.update', { token: 'wrong' }),
      );
      expect(wrong.status).toBe(401);
    } finally {
      await server.close();
    }
    expect(seen.map((e) => e.entityIds)).toEqual([['men_trousers']]);
  });
});
