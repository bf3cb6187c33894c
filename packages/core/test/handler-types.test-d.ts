import { describe, expectTypeOf, it } from 'vitest';
import {
  type AnyPimEvent,
  type BluestoneChangeKind,
  type BluestoneEventData,
  type BluestoneEventType,
  bluestone,
  createPimReceiver,
  type PimChange,
  type PimEvent,
  type PimEventFor,
  type PimTopic,
} from '../src/index.js';

const receiver = createPimReceiver({ sources: [bluestone({ secret: 's' })] });

describe('handler typing', () => {
  it('types a vendor event by its bare name', () => {
    receiver.on('PRODUCT_CREATED', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<'PRODUCT_CREATED'>();
      expectTypeOf(event.source).toEqualTypeOf<'bluestone'>();
      expectTypeOf(event.topic).toEqualTypeOf<'product.created'>();
      expectTypeOf(event.data.metadataChanges).toEqualTypeOf<
        BluestoneEventData<'PRODUCT_CREATED'>['metadataChanges']
      >();
      expectTypeOf(event.data.metadataChanges[0]!.field).toEqualTypeOf<string>();
    });
  });

  it('types a qualified name like the bare one', () => {
    receiver.on('bluestone:PRODUCT_WATCH_RELATION', (event) => {
      expectTypeOf(event.data.relationChange.relationId).toEqualTypeOf<string>();
      expectTypeOf(event.data.relationChange.reverse).toEqualTypeOf<boolean | undefined>();
    });
  });

  it('gives the changeType of name changes although Bluestone sends `type`', () => {
    receiver.on('PRODUCT_WATCH_METADATA_NAME', (event) => {
      expectTypeOf(event.data.nameChange.changeType).toEqualTypeOf<BluestoneChangeKind | undefined>();
    });
  });

  it('types a topic handler with the union of events of that topic', () => {
    receiver.on('category.deleted', (event) => {
      // Every vendor's deletions arrive here; narrowing by source gives that vendor's typed event.
      if (event.source === 'bluestone') expectTypeOf(event.type).toEqualTypeOf<'CATEGORY_REMOVED'>();
      expectTypeOf(event.topic).toEqualTypeOf<'category.deleted'>();
    });
    receiver.on('product.created', (event) => {
      if (event.source === 'bluestone') expectTypeOf(event.data.metadataChanges).toBeArray();
      // @ts-expect-error only Bluestone's PRODUCT_CREATED carries metadataChanges
      void event.data.metadataChanges;
    });
  });

  it('types a list of names as the union of their events', () => {
    receiver.on(['CATEGORY_CREATED', 'CATEGORY_REMOVED'], (event) => {
      expectTypeOf(event.type).toEqualTypeOf<'CATEGORY_CREATED' | 'CATEGORY_REMOVED'>();
      if (event.type === 'CATEGORY_CREATED')
        expectTypeOf(event.data.name).toEqualTypeOf<string | null | undefined>();
    });
  });

  it('gives source wildcards known and unknown events', () => {
    receiver.on('bluestone:*', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<string>();
      expectTypeOf(event).toMatchTypeOf<PimEvent>();
    });
  });

  it('refuses names that are not events', () => {
    // @ts-expect-error a typo is not an event name
    receiver.on('PRODUCT_CRATED', () => {});
    // @ts-expect-error not a topic
    receiver.on('product.exploded', () => {});
    // @ts-expect-error not a source
    receiver.on('acme:*', () => {});
  });

  it('types onAny with every event, known and unknown', () => {
    receiver.onAny((event) => {
      expectTypeOf(event).toEqualTypeOf<AnyPimEvent>();
      expectTypeOf(event.type).toEqualTypeOf<string>();
      expectTypeOf(event.topic).toEqualTypeOf<PimTopic | undefined>();
      expectTypeOf(event.source).toBeString();
      // Unknown types are in the union, so the data stays unknown until narrowed by the user.
      expectTypeOf(event.data).toBeUnknown();
    });
  });

  it('gives a source wildcard the possibility of an unknown type without a topic', () => {
    receiver.on('bluestone:*', (event) => {
      expectTypeOf(event.source).toEqualTypeOf<'bluestone'>();
      expectTypeOf<undefined>().toMatchTypeOf<typeof event.topic>();
    });
  });

  it('types a list mixing a vendor type and a topic as the union of both', () => {
    receiver.on(['PRODUCT_CREATED', 'category.deleted'], (event) => {
      expectTypeOf(event.topic).toEqualTypeOf<'product.created' | 'category.deleted'>();
    });
  });

  it('returns a function that removes the handler', () => {
    expectTypeOf(receiver.on('PRODUCT_CREATED', () => {})).toEqualTypeOf<() => void>();
    expectTypeOf(receiver.onAny(() => {})).toEqualTypeOf<() => void>();
  });

  it('accepts async handlers and handlers returning anything', () => {
    receiver.on('CATEGORY_REMOVED', async (event) => {
      expectTypeOf(event.data.entityIds).toEqualTypeOf<string[]>();
    });
    receiver.on('CATEGORY_REMOVED', () => 42);
  });

  it('gives every event the common normalized fields', () => {
    receiver.on('PRODUCT_WATCH_CATEGORY', (event) => {
      expectTypeOf(event.id).toEqualTypeOf<string>();
      expectTypeOf(event.entityIds).toEqualTypeOf<readonly string[]>();
      expectTypeOf(event.occurredAt).toEqualTypeOf<Date | undefined>();
      expectTypeOf(event.changes).toEqualTypeOf<readonly PimChange[]>();
      expectTypeOf(event.data.categoryChange.categoryId).toEqualTypeOf<string>();
    });
  });

  it('types the bare and the qualified name of a type identically', () => {
    expectTypeOf<PimEventFor<'bluestone:PRODUCT_CREATED'>>().toEqualTypeOf<PimEventFor<'PRODUCT_CREATED'>>();
    expectTypeOf<PimEventFor<'CATEGORY_REMOVED'>['type']>().toEqualTypeOf<'CATEGORY_REMOVED'>();
  });

  it('types the data of each of the 25 types with its own eventType', () => {
    type EventTypeOf<T extends BluestoneEventType> = BluestoneEventData<T>['eventType'];
    expectTypeOf<EventTypeOf<'CATEGORY_WATCH_MOVE'>>().toEqualTypeOf<'CATEGORY_WATCH_MOVE'>();
    expectTypeOf<{ [T in BluestoneEventType]: EventTypeOf<T> }>().toEqualTypeOf<{
      [T in BluestoneEventType]: T;
    }>();
    receiver.on('sync.completed', (event) => {
      if (event.source === 'bluestone') expectTypeOf(event.type).toEqualTypeOf<'PRODUCT_SYNC_DONE'>();
    });
  });

  it('refuses typos in lists, qualified names and handler parameters', () => {
    // @ts-expect-error one misspelled name in a list
    receiver.on(['PRODUCT_CREATED', 'PRODUCT_CRATED'], () => {});
    // @ts-expect-error a misspelled qualified name
    receiver.on('bluestone:PRODUCT_CRATED', () => {});
    // @ts-expect-error a Bluestone type under another source
    receiver.on('quable:PRODUCT_CREATED', () => {});
    // @ts-expect-error a handler written for another event
    receiver.on('CATEGORY_REMOVED', (event: PimEventFor<'PRODUCT_CREATED'>) => event.data.metadataChanges);
    receiver.on('CATEGORY_REMOVED', (event) => {
      // Schemas are loose (new vendor fields pass through), so an undocumented field reads as unknown:
      // usable only after a check, never silently typed.
      expectTypeOf(event.data.metadataChanges).toBeUnknown();
    });
  });
});
