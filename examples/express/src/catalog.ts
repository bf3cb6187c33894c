import type { PimReceiver } from '@pimhooks/core';

/** What the app knows of a product, from the webhooks it received. */
export interface Product {
  readonly id: string;
  name?: string;
  number?: string;
  description?: string;
  /** When the latest change applied here happened, as the vendor reports it. */
  updatedAt: string;
}

/** The product fields this app keeps; the key is the normalized `PimChange.field`. */
const FIELDS = ['name', 'number', 'description'] as const;
type Field = (typeof FIELDS)[number];

function isField(field: string): field is Field {
  return (FIELDS as readonly string[]).includes(field);
}

/**
 * A small read model kept up to date by typed handlers: what an app would write to its own
 * database or search index.
 */
export function trackProducts(receiver: PimReceiver): ReadonlyMap<string, Product> {
  const products = new Map<string, Product>();
  // When each field was last set: deliveries arrive out of order (retries, parallel sends), and an
  // older change must not undo a newer one.
  const setAt = new Map<string, number>();

  function apply(id: string, field: Field, value: unknown, at: Date | undefined): void {
    const time = at?.getTime() ?? Date.now();
    const key = `${id}:${field}`;
    if ((setAt.get(key) ?? Number.NEGATIVE_INFINITY) > time) return;
    setAt.set(key, time);
    const product = products.get(id) ?? { id, updatedAt: new Date(time).toISOString() };
    products.set(id, product);
    if (typeof value === 'string') product[field] = value;
    else delete product[field];
    if (time > Date.parse(product.updatedAt)) product.updatedAt = new Date(time).toISOString();
  }

  // A vendor type: `event.data` is Bluestone's PRODUCT_CREATED payload, typed from the name.
  receiver.on('bluestone:PRODUCT_CREATED', (event) => {
    for (const id of event.entityIds) {
      for (const { field, newValue } of event.data.metadataChanges) {
        const name = field.toLowerCase();
        if (isField(name)) apply(id, name, newValue, event.occurredAt);
      }
    }
  });

  // A topic: product updates from any vendor, read from the normalized `changes`.
  receiver.on('product.updated', (event) => {
    for (const change of event.changes) {
      if (!isField(change.field)) continue;
      for (const id of event.entityIds) apply(id, change.field, change.newValue, event.occurredAt);
    }
  });

  receiver.on('product.deleted', (event) => {
    for (const id of event.entityIds) {
      products.delete(id);
      for (const field of FIELDS) setAt.delete(`${id}:${field}`);
    }
  });

  return products;
}
