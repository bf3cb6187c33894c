import { describe, expectTypeOf, it } from 'vitest';
import {
  type AkeneoEventData,
  type AkeneoEventType,
  akeneo,
  createPimReceiver,
  type PimEvent,
} from '../src/index.js';
import type {} from './support/akeneo-docs.js';

const receiver = createPimReceiver({ sources: [akeneo({ secret: ['primary', 'secondary'] })] });

describe('akeneo handler typing', () => {
  it('types an event by its CloudEvent type, bare (it is not spelled like a topic)', () => {
    receiver.on('com.akeneo.pim.v1.product.deleted', (event) => {
      expectTypeOf(event.source).toEqualTypeOf<'akeneo'>();
      expectTypeOf(event.topic).toEqualTypeOf<'product.deleted'>();
      expectTypeOf(event.data.product.uuid).toEqualTypeOf<string>();
      expectTypeOf(event.data.author).toEqualTypeOf<
        AkeneoEventData<'com.akeneo.pim.v1.product.deleted'>['author']
      >();
    });
  });

  it('types qualified names like bare ones', () => {
    receiver.on('akeneo:com.akeneo.pim.v1.attribute-option.created', (event) => {
      expectTypeOf(event.data.attribute_option.attribute.code).toEqualTypeOf<string>();
      expectTypeOf(event.topic).toEqualTypeOf<undefined>();
    });
  });

  it('always gives product models a `product_model`', () => {
    receiver.on('com.akeneo.pim.v1.product-model.updated', (event) => {
      expectTypeOf(event.data.product_model.code).toEqualTypeOf<string>();
    });
  });

  it('types the changes of a delta event', () => {
    receiver.on('com.akeneo.pim.v1.product.updated.delta', (event) => {
      expectTypeOf(event.topic).toEqualTypeOf<'product.updated'>();
      const values = event.data.product.changes?.values;
      expectTypeOf(values).toMatchTypeOf<
        Record<string, { locale?: string | null | undefined }[]> | undefined
      >();
    });
  });

  it('adds Akeneo events to topic handlers', () => {
    receiver.on('category.created', (event) => {
      if (event.source === 'akeneo') expectTypeOf(event.data.category.code).toEqualTypeOf<string>();
    });
  });

  it('gives `akeneo:*` every event, known or not', () => {
    receiver.on('akeneo:*', (event) => {
      expectTypeOf(event).toMatchTypeOf<PimEvent>();
    });
  });

  it('refuses names Akeneo does not document and wrong secrets', () => {
    // @ts-expect-error not a documented Akeneo type
    receiver.on('com.akeneo.pim.v1.product.exploded', () => {});
    expectTypeOf<'com.akeneo.pim.v1.family.created'>().toMatchTypeOf<AkeneoEventType>();
    // @ts-expect-error at most a primary and a secondary secret
    akeneo({ secret: ['a', 'b', 'c'] });
  });
});
