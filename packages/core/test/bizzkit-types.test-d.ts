import { describe, expectTypeOf, it } from 'vitest';
import {
  type BizzkitPayload,
  type BizzkitTopicOf,
  bizzkit,
  createPimReceiver,
  type PimEvent,
} from '../src/index.js';
// Declares ProductCatalogueItemCreated and ProductCatalogueItemDeleted in BizzkitPayloads, as a user would.
import type {} from './support/bizzkit-docs.js';

const receiver = createPimReceiver({ sources: [bizzkit({ secret: 'a-secret-of-at-least-32-characters' })] });

describe('bizzkit handler typing', () => {
  it('types a payload declared by declaration merging', () => {
    receiver.on('ProductCatalogueItemCreated', (event) => {
      expectTypeOf(event.source).toEqualTypeOf<'bizzkit'>();
      expectTypeOf(event.type).toEqualTypeOf<'ProductCatalogueItemCreated'>();
      expectTypeOf(event.topic).toEqualTypeOf<'product.created'>();
      expectTypeOf(event.data).toEqualTypeOf<{ productCatalogueItemId: number; number: string }>();
    });
    receiver.on('bizzkit:ProductCatalogueItemDeleted', (event) => {
      expectTypeOf(event.data.productCatalogueItemId).toEqualTypeOf<number>();
      expectTypeOf(event.topic).toEqualTypeOf<'product.deleted'>();
    });
  });

  it('keeps documented but undeclared events loose, without a topic', () => {
    receiver.on('BrandViewsCreated', (event) => {
      expectTypeOf(event.data).toEqualTypeOf<BizzkitPayload>();
      expectTypeOf(event.data.anything).toEqualTypeOf<unknown>();
      expectTypeOf(event.topic).toEqualTypeOf<undefined>();
    });
  });

  it('adds declared events to the topic handlers of their topic', () => {
    receiver.on('product.deleted', (event) => {
      if (event.source === 'bizzkit') expectTypeOf(event.data.productCatalogueItemId).toEqualTypeOf<number>();
    });
  });

  it('gives `bizzkit:*` every event, known or not', () => {
    receiver.on('bizzkit:*', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<string>();
      expectTypeOf(event).toMatchTypeOf<PimEvent>();
    });
  });

  it('infers topics from names by the documented rule', () => {
    expectTypeOf<BizzkitTopicOf<'ProductCatalogueItemUpdated'>>().toEqualTypeOf<'product.updated'>();
    expectTypeOf<BizzkitTopicOf<'CategoryCreated'>>().toEqualTypeOf<'category.created'>();
    expectTypeOf<BizzkitTopicOf<'BrandViewsCreated'>>().toEqualTypeOf<undefined>();
    expectTypeOf<BizzkitTopicOf<'ProductCatalogueItemViewsCreated'>>().toEqualTypeOf<undefined>();
  });

  it('refuses undeclared Bizzkit names', () => {
    // @ts-expect-error not declared in BizzkitPayloads
    receiver.on('ProductCatalogueItemExploded', () => {});
    // @ts-expect-error not declared in BizzkitPayloads
    receiver.on('bizzkit:SegmentCreated', () => {});
  });

  it('only accepts 200 or 204 as success status', () => {
    bizzkit({ secret: 'a-secret-of-at-least-32-characters', successStatus: 204 });
    // @ts-expect-error Bizzkit counts only 200 and 204 as delivered
    bizzkit({ secret: 'a-secret-of-at-least-32-characters', successStatus: 202 });
  });
});
