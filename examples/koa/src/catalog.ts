import type { PimReceiver } from '@pimhooks/core';

/** What the app knows of a product, from the webhooks it received. */
export interface ProductView {
  readonly id: string;
  name?: string | undefined;
  number?: string | undefined;
  /** When the vendor says the latest change applied here happened. */
  updatedAt: string;
}

type Field = 'name' | 'number';

/**
 * A small read model kept up to date by typed handlers: what an app would write to its own
 * database or search index. `event.data` is typed from the event name in each handler.
 */
export function trackProducts(receiver: PimReceiver): ReadonlyMap<string, ProductView> {
  const products = new Map<string, ProductView>();
  // When each field was last set: deliveries arrive out of order (retries, parallel sends), and an
  // older event must not undo a newer one.
  const setAt = new Map<string, number>();

  function apply(id: string, field: Field, value: string | null | undefined, at: Date | undefined): void {
    const time = at?.getTime() ?? Date.now();
    const key = `${id}:${field}`;
    if ((setAt.get(key) ?? Number.NEGATIVE_INFINITY) > time) return;
    setAt.set(key, time);
    let product = products.get(id);
    if (product === undefined) {
      product = { id, updatedAt: new Date(time).toISOString() };
      products.set(id, product);
    }
    product[field] = value ?? undefined;
    if (time > Date.parse(product.updatedAt)) product.updatedAt = new Date(time).toISOString();
  }

  receiver.on('bluestone:PRODUCT_CREATED', (event) => {
    // Bluestone sends the new product's name and number as metadata changes.
    for (const id of event.entityIds) {
      for (const change of event.data.metadataChanges) {
        if (change.field === 'NAME') apply(id, 'name', change.newValue, event.occurredAt);
        if (change.field === 'NUMBER') apply(id, 'number', change.newValue, event.occurredAt);
      }
    }
  });
  receiver.on('bluestone:PRODUCT_WATCH_METADATA_NAME', (event) => {
    for (const id of event.entityIds) apply(id, 'name', event.data.nameChange.newValue, event.occurredAt);
  });
  receiver.on('bluestone:PRODUCT_WATCH_METADATA_NUMBER', (event) => {
    for (const id of event.entityIds) apply(id, 'number', event.data.numberChange.newValue, event.occurredAt);
  });
  // A topic covers every vendor: forget deleted products whoever reports them.
  receiver.on('product.deleted', (event) => {
    for (const id of event.entityIds) {
      products.delete(id);
      setAt.delete(`${id}:name`);
      setAt.delete(`${id}:number`);
    }
  });
  return products;
}
