import { describe, expectTypeOf, it } from 'vitest';
import {
  type BrightpearlLifecycle,
  bluestone,
  brightpearl,
  createPimReceiver,
  type PimBareEventName,
  type PimEventName,
} from '../src/index.js';

const receiver = createPimReceiver({
  sources: [brightpearl({ key: 'type-test-key-0123456789' }), bluestone({ secret: 's' })],
});

describe('brightpearl handler typing', () => {
  it('reaches product.created only qualified, typed as Brightpearl’s', () => {
    receiver.on('brightpearl:product.created', (event) => {
      expectTypeOf(event.source).toEqualTypeOf<'brightpearl'>();
      expectTypeOf(event.type).toEqualTypeOf<'product.created'>();
      expectTypeOf(event.topic).toEqualTypeOf<'product.created'>();
      expectTypeOf(event.data.resourceType).toEqualTypeOf<'product'>();
      expectTypeOf(event.data.lifecycleEvent).toEqualTypeOf<'created'>();
      expectTypeOf(event.data.resourceSpecifier).toEqualTypeOf<undefined>();
      expectTypeOf(event.data.idRanges[0]!.from).toEqualTypeOf<number>();
    });
    // Spelled like topics, so never bare vendor names: the same at runtime (see brightpearl.test.ts).
    expectTypeOf<Extract<PimBareEventName, 'product.created'>>().toBeNever();
    expectTypeOf<Extract<PimBareEventName, 'order.created'>>().toBeNever();
    expectTypeOf<'brightpearl:order.created'>().toExtend<PimEventName>();
  });

  it('gives the topic handler every vendor’s product.created, Brightpearl’s included', () => {
    receiver.on('product.created', (event) => {
      expectTypeOf<
        Extract<typeof event, { source: 'brightpearl' }>['type']
      >().toEqualTypeOf<'product.created'>();
      expectTypeOf<
        Extract<typeof event, { source: 'bluestone' }>['type']
      >().toEqualTypeOf<'PRODUCT_CREATED'>();
    });
    receiver.on('stock.updated', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<'product.modified.on-hand-modified'>();
    });
    receiver.on('order.created', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<'order.created' | 'sales-order.created'>();
    });
  });

  it('types bare names that are not topics, with the parts of the name', () => {
    receiver.on('goods-out-note.modified.shipped', (event) => {
      expectTypeOf(event.source).toEqualTypeOf<'brightpearl'>();
      expectTypeOf(event.topic).toEqualTypeOf<undefined>();
      expectTypeOf(event.data.resourceType).toEqualTypeOf<'goods-out-note'>();
      expectTypeOf(event.data.resourceSpecifier).toEqualTypeOf<'shipped'>();
      expectTypeOf(event.data.fields).toEqualTypeOf<Readonly<Record<string, string>>>();
    });
    receiver.on('product.modified', (event) => {
      expectTypeOf(event.topic).toEqualTypeOf<'product.updated'>();
      expectTypeOf(event.data.lifecycleEvent).toEqualTypeOf<'modified'>();
      expectTypeOf(event.data.lifecycleEvent).toExtend<BrightpearlLifecycle>();
    });
  });

  it('gives the source wildcard unknown names too', () => {
    receiver.on('brightpearl:*', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<string>();
    });
  });

  it('refuses names that are not Brightpearl events', () => {
    // @ts-expect-error not a typed Brightpearl name
    receiver.on('widget.created', () => {});
    // @ts-expect-error lifecycles are created, modified, destroyed
    receiver.on('brightpearl:product.updated', () => {});
  });
});
