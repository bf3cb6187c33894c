import { describe, expectTypeOf, it } from 'vitest';
import {
  type BluestoneChangeKind,
  type BluestoneEventData,
  bluestone,
  createPimReceiver,
  type PimEvent,
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
});
