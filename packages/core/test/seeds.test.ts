import { describe, expect, it } from 'vitest';
import {
  BLUESTONE_EVENT_TYPES,
  type BluestoneEventType,
  type PimChange,
  type PimEvent,
} from '../src/index.js';
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
      let bare = 0;
      receiver.on(`bluestone:${example.type}`, (event) => {
        seen.push(event);
      });
      receiver.on(example.type, () => {
        bare++;
      });
      const answer = await receiver.handle(request(example.body));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 1, duplicates: 0 });
      expect(errors).toEqual([]);
      expect(seen).toHaveLength(1);
      expect(bare).toBe(1);
      const [event] = seen as [PimEvent];
      const changes = example.body.events[0]!.changes;
      expect(event.source).toBe('bluestone');
      expect(event.type).toBe(example.type);
      expect(event.topic).toBe(expectedTopic(example.type));
      expect(event.entityIds).toEqual(changes.entityIds);
      expect(event.occurredAt).toBeInstanceOf(Date);
      expect(event.occurredAt?.getTime()).toBe(example.body.timestamp);
      expect(event.changes).toEqual(EXPECTED_CHANGES[example.type]);
      expect(event.data).toEqual(withChangeType(changes));
      expect(event.raw).toEqual(example.body.events[0]);
      expect(event.delivery).toMatchObject({ index: 0, count: 1 });
      expect(event.id.startsWith(event.delivery.id)).toBe(true);
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
    const seen: PimEvent[] = [];
    receiver.onAny((event) => {
      ids.push(event.id);
      seen.push(event);
    });
    const delivery = request(batchOf(BLUESTONE_EVENT_TYPES));
    const first = await receiver.handle(delivery);
    expect(JSON.parse(first.body)).toEqual({ ok: true, events: 25, duplicates: 0 });
    expect(new Set(ids).size).toBe(25);
    expect(seen.map((e) => e.type)).toEqual(BLUESTONE_EVENT_TYPES);
    expect(seen.map((e) => e.delivery.index)).toEqual(BLUESTONE_EVENT_TYPES.map((_, i) => i));
    expect(new Set(seen.map((e) => e.delivery.count))).toEqual(new Set([25]));
    expect(new Set(seen.map((e) => e.delivery.id)).size).toBe(1);
    expect(seen.map((e) => e.changes)).toEqual(BLUESTONE_EVENT_TYPES.map((t) => EXPECTED_CHANGES[t]));

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

/** The topic each documented type should carry, derived from its name (not from the table under test). */
function expectedTopic(type: string): string {
  if (type === 'PRODUCT_CREATED') return 'product.created';
  if (type === 'PRODUCT_SYNC_DONE') return 'sync.completed';
  if (type.startsWith('PRODUCT_WATCH_')) return 'product.updated';
  if (type === 'CATEGORY_CREATED') return 'category.created';
  if (type === 'CATEGORY_REMOVED') return 'category.deleted';
  if (type.startsWith('CATEGORY_WATCH_')) return 'category.updated';
  throw new Error(`no expected topic for ${type}`);
}

/** The typed data of an example: its `changes`, with `changeType` read from `type` where Bluestone sends that. */
function withChangeType(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withChangeType);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = withChangeType(inner);
  if ('type' in copy && !('changeType' in copy)) copy.changeType = copy.type;
  return copy;
}

const update = { kind: 'update', vendorKind: 'UPDATE' } as const;
const associate = { kind: 'associate', vendorKind: 'ASSOCIATE' } as const;
const ATTRIBUTE_ID = '5da7254de21b84000c6ed075';

/** What each documented example should normalize to, written from the examples' payloads. */
const EXPECTED_CHANGES: Record<BluestoneEventType, PimChange[]> = {
  PRODUCT_WATCH_ASSET: [{ field: 'asset', ...associate, relatedId: '4e573584-f7fe-45d4-9ffb-0a44e3c0f11f' }],
  PRODUCT_WATCH_BUNDLE: [{ field: 'bundle', ...associate, relatedId: '65030e004bc6e505b4bdc785' }],
  PRODUCT_WATCH_BUNDLE_QUANTITY: [{ field: 'bundleQuantity', ...update, oldValue: '1', newValue: '2' }],
  PRODUCT_WATCH_CATEGORY: [{ field: 'category', ...associate, relatedId: '633d6809d6018000014074a2' }],
  PRODUCT_WATCH_LABEL: [{ field: 'label', ...associate, relatedId: '62692d29713c0900014eeacf' }],
  PRODUCT_WATCH_METADATA_NAME: [
    { field: 'name', ...update, oldValue: 'Product A', newValue: 'Product B', locale: 'en' },
  ],
  PRODUCT_WATCH_METADATA_NUMBER: [
    { field: 'number', ...update, oldValue: 'product-a', newValue: 'product-b' },
  ],
  PRODUCT_WATCH_METADATA_DESCRIPTION: [
    { field: 'description', ...update, oldValue: null, newValue: 'This is a description', locale: 'en' },
  ],
  PRODUCT_WATCH_RELATION: [{ field: 'relation', ...associate, relatedId: '65030e004bc6e505b4bdc785' }],
  PRODUCT_WATCH_STATE: [
    { field: 'state', ...update, oldValue: null, newValue: 'TO_BE_PUBLISHED', locale: 'en' },
  ],
  PRODUCT_WATCH_VARIANT: [{ field: 'variant', ...associate, relatedId: '65030e004bc6e505b4bdc785' }],
  PRODUCT_CREATED: [
    { field: 'name', kind: 'create', oldValue: null, newValue: 'Product A', locale: 'en' },
    { field: 'number', kind: 'create', oldValue: null, newValue: 'product-a', locale: 'en' },
    { field: 'type', kind: 'create', oldValue: null, newValue: 'SINGLE', locale: 'en' },
  ],
  PRODUCT_SYNC_DONE: [],
  CATEGORY_WATCH_METADATA_NAME: [
    { field: 'name', ...update, oldValue: 'Clothes', newValue: 'Clothing', locale: 'en' },
  ],
  CATEGORY_WATCH_METADATA_NUMBER: [{ field: 'number', ...update, oldValue: 'clothes', newValue: 'clothing' }],
  CATEGORY_WATCH_METADATA_DESCRIPTION: [
    {
      field: 'description',
      ...update,
      oldValue: null,
      newValue: 'This is a category description',
      locale: 'en',
    },
  ],
  CATEGORY_WATCH_ARCHIVE_STATE: [
    { field: 'archiveState', ...update, oldValue: 'ACTIVE', newValue: 'ARCHIVED' },
  ],
  CATEGORY_WATCH_MOVE: [
    {
      field: 'parent',
      ...update,
      oldValue: '5d78f9ba590801000cf00cbc',
      newValue: '5d78f92652faff000e53435a',
    },
  ],
  CATEGORY_WATCH_ORDER: [{ field: 'order', ...update, oldValue: '0', newValue: '1' }],
  CATEGORY_WATCH_ATTRIBUTE: [
    {
      field: 'attribute',
      ...update,
      oldValue: 'Red',
      newValue: 'Blue',
      locale: 'en',
      relatedId: ATTRIBUTE_ID,
    },
  ],
  CATEGORY_CREATED: [
    { field: 'name', kind: 'create', newValue: 'Shoes' },
    { field: 'number', kind: 'create', newValue: '6538dca57566616af2206608' },
    { field: 'parent', kind: 'create', newValue: '633d67fed6018000014074a1' },
  ],
  CATEGORY_REMOVED: [],
  PRODUCT_WATCH_ATTRIBUTE_UPDATE_VALUE: [
    {
      field: 'attribute',
      ...update,
      oldValue: 'Red',
      newValue: 'Blue',
      locale: 'en',
      relatedId: ATTRIBUTE_ID,
    },
  ],
  PRODUCT_WATCH_ATTRIBUTE_ASSOCIATION: [
    {
      field: 'attribute',
      ...associate,
      oldValue: null,
      newValue: null,
      locale: 'en',
      relatedId: ATTRIBUTE_ID,
    },
  ],
  // No changeType in Bluestone's example: the kind comes from the event type.
  PRODUCT_WATCH_ATTRIBUTE_DISASSOCIATION: [
    { field: 'attribute', kind: 'disassociate', relatedId: ATTRIBUTE_ID },
  ],
};
