import { describe, expectTypeOf, it } from 'vitest';
import { createPimReceiver, type QuableProcessType, quable } from '../src/index.js';

const receiver = createPimReceiver({ sources: [quable({ token: 't', logger: false })] });

describe('quable handler typing', () => {
  it('types a code by its bare name', () => {
    receiver.on('document.update', (event) => {
      expectTypeOf(event.source).toEqualTypeOf<'quable'>();
      expectTypeOf(event.type).toEqualTypeOf<'document.update'>();
      // A document that is not a product has no topic.
      expectTypeOf(event.topic).toEqualTypeOf<'product.updated' | undefined>();
      expectTypeOf(event.data.code).toEqualTypeOf<'document.update'>();
      expectTypeOf(event.data.resource.code).toEqualTypeOf<string>();
      expectTypeOf(event.data.resource.locales).toEqualTypeOf<
        | { [k: string]: unknown; updated?: string[] | undefined; inherited?: string[] | undefined }
        | null
        | undefined
      >();
      expectTypeOf(event.data.process?.type).toEqualTypeOf<QuableProcessType | null | undefined>();
    });
  });

  it('gives topic handlers the Quable codes that can carry the topic', () => {
    // Topic handlers receive every vendor's events of the topic: look at Quable's among them.
    receiver.on('product.updated', (event) => {
      type FromQuable = Extract<typeof event, { source: 'quable' }>;
      expectTypeOf<FromQuable['type']>().toEqualTypeOf<'document.update'>();
      expectTypeOf<FromQuable['topic']>().toEqualTypeOf<'product.updated'>();
    });
    receiver.on('asset.deleted', (event) => {
      expectTypeOf<Extract<typeof event, { source: 'quable' }>['type']>().toEqualTypeOf<'media.delete'>();
    });
    receiver.on('import.completed', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<'import.finish'>();
      expectTypeOf(event.data.resource?.code).toEqualTypeOf<string | undefined>();
    });
    receiver.on('variant.deleted', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<'variant.delete'>();
    });
  });

  it('has no topic for links and values', () => {
    receiver.on('quable:link.create', (event) => {
      expectTypeOf(event.topic).toEqualTypeOf<undefined>();
    });
  });

  it('refuses codes Quable does not document', () => {
    // @ts-expect-error not a documented code
    receiver.on('document.archive', () => {});
    // @ts-expect-error Quable says create, not created
    receiver.on('quable:document.created', () => {});
  });
});
