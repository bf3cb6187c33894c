import { describe, expect, it } from 'vitest';
import { BLUESTONE_EVENT_TYPES, bluestoneTopics, type PimEvent } from '../src/index.js';
import { batchOf, bluestoneExamples, request, setup } from './helpers/bluestone.js';

describe('the 25 documented Bluestone examples', () => {
  it('covers every documented type exactly once', () => {
    expect(bluestoneExamples.map((e) => e.type).sort()).toEqual([...BLUESTONE_EVENT_TYPES].sort());
    expect(BLUESTONE_EVENT_TYPES).toHaveLength(25);
  });

  for (const example of bluestoneExamples) {
    it(`${example.type}: verified, typed, normalized and handled once`, async () => {
      const { receiver, errors } = setup();
      const seen: PimEvent[] = [];
      receiver.on(`bluestone:${example.type}`, (event) => {
        seen.push(event);
      });
      const answer = await receiver.handle(request(example.body));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 1, duplicates: 0 });
      expect(errors).toEqual([]);
      expect(seen).toHaveLength(1);
      const [event] = seen as [PimEvent];
      const changes = example.body.events[0]!.changes;
      expect(event.source).toBe('bluestone');
      expect(event.type).toBe(example.type);
      expect(event.topic).toBe(bluestoneTopics[example.type]);
      expect(event.entityIds).toEqual(changes.entityIds);
      expect(event.occurredAt?.getTime()).toBe(example.body.timestamp);
      expect(event.raw).toEqual(example.body.events[0]);
      expect(event.delivery).toMatchObject({ index: 0, count: 1 });
      expect(event.data).toMatchObject({ eventType: example.type });
    });
  }

  it('reads `type` as `changeType` and normalizes name changes with their locale', async () => {
    const { receiver } = setup();
    const seen: PimEvent[] = [];
    receiver.on('PRODUCT_WATCH_METADATA_NAME', (event) => {
      expect(event.data.nameChange.changeType).toBe('UPDATE');
      seen.push(event);
    });
    await receiver.handle(request(batchOf(['PRODUCT_WATCH_METADATA_NAME'])));
    expect(seen[0]?.changes).toEqual([
      {
        field: 'name',
        kind: 'update',
        vendorKind: 'UPDATE',
        oldValue: 'Product A',
        newValue: 'Product B',
        locale: 'en',
      },
    ]);
  });

  it('normalizes a created product into create changes and links into related ids', async () => {
    const { receiver } = setup();
    const seen = new Map<string, PimEvent>();
    receiver.onAny((event) => {
      seen.set(event.type, event);
    });
    await receiver.handle(
      request(batchOf(['PRODUCT_CREATED', 'PRODUCT_WATCH_CATEGORY', 'PRODUCT_SYNC_DONE'])),
    );
    expect(seen.get('PRODUCT_CREATED')?.changes).toEqual([
      { field: 'name', kind: 'create', oldValue: null, newValue: 'Product A', locale: 'en' },
      { field: 'number', kind: 'create', oldValue: null, newValue: 'product-a', locale: 'en' },
      { field: 'type', kind: 'create', oldValue: null, newValue: 'SINGLE', locale: 'en' },
    ]);
    expect(seen.get('PRODUCT_WATCH_CATEGORY')?.changes).toEqual([
      {
        field: 'category',
        kind: 'associate',
        vendorKind: 'ASSOCIATE',
        relatedId: '633d6809d6018000014074a2',
      },
    ]);
    expect(seen.get('PRODUCT_SYNC_DONE')?.entityIds).toEqual([]);
  });

  it('splits a batch of all 25 into 25 events with distinct ids, stable across a retry', async () => {
    const { receiver } = setup();
    const ids: string[] = [];
    receiver.onAny((event) => {
      ids.push(event.id);
    });
    const delivery = request(batchOf(BLUESTONE_EVENT_TYPES));
    const first = await receiver.handle(delivery);
    expect(JSON.parse(first.body)).toEqual({ ok: true, events: 25, duplicates: 0 });
    expect(new Set(ids).size).toBe(25);

    const retry = await receiver.handle(delivery);
    expect(retry.status).toBe(200);
    expect(JSON.parse(retry.body)).toEqual({ ok: true, events: 25, duplicates: 25 });
    expect(ids).toHaveLength(25);

    const other = await receiver.handle(request(batchOf(BLUESTONE_EVENT_TYPES, 1_700_000_000_001)));
    expect(JSON.parse(other.body)).toMatchObject({ duplicates: 0 });
    expect(ids).toHaveLength(50);
  });

  it('routes one event to its type, qualified name, topic, source wildcard and onAny handlers once each', async () => {
    const { receiver } = setup();
    const calls: string[] = [];
    const shared = () => calls.push('shared');
    receiver.on('PRODUCT_CREATED', () => calls.push('bare'));
    receiver.on('bluestone:PRODUCT_CREATED', () => calls.push('qualified'));
    receiver.on('product.created', () => calls.push('topic'));
    receiver.on('bluestone:*', () => calls.push('source'));
    receiver.onAny(() => calls.push('any'));
    receiver.on(['PRODUCT_CREATED', 'product.created'], shared);
    receiver.on('product.updated', () => calls.push('wrong topic'));
    await receiver.handle(request(batchOf(['PRODUCT_CREATED'])));
    expect(calls.sort()).toEqual(['any', 'bare', 'qualified', 'shared', 'source', 'topic']);
  });

  it('stops calling a handler once it is removed', async () => {
    const { receiver } = setup();
    let calls = 0;
    const off = receiver.on('CATEGORY_REMOVED', () => {
      calls++;
    });
    await receiver.handle(request(batchOf(['CATEGORY_REMOVED'], 1)));
    off();
    await receiver.handle(request(batchOf(['CATEGORY_REMOVED'], 2)));
    expect(calls).toBe(1);
  });
});
