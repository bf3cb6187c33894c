/**
 * Cross-vendor topics. A topic handler receives the same logical change from any vendor.
 * Topics are lowercase `entity.pastTenseVerb`; vendor event names never take this exact form
 * in the handler API (see `PimEventName`), so a topic name is never ambiguous.
 */
export const PIM_TOPICS = [
  'product.created',
  'product.updated',
  'product.deleted',
  'category.created',
  'category.updated',
  'category.deleted',
  'asset.created',
  'asset.updated',
  'asset.deleted',
  'attribute.created',
  'attribute.updated',
  'attribute.deleted',
  'sync.completed',
  // Variants (SKUs) as entities of their own (Quable `variant.*`).
  'variant.created',
  'variant.updated',
  'variant.deleted',
  // Bulk processes that finished (Quable `import.finish`, `export.finish`, `bulk_edit.finish`).
  'import.completed',
  'export.completed',
  'bulk_edit.completed',
  // Commerce resources of order-management systems (Brightpearl orders and stock levels).
  'order.created',
  'order.updated',
  'order.deleted',
  'stock.updated',
] as const;

export type PimTopic = (typeof PIM_TOPICS)[number];

const topicSet: ReadonlySet<string> = new Set(PIM_TOPICS);

/** Whether a handler name is a cross-vendor topic. */
export function isPimTopic(name: string): name is PimTopic {
  return topicSet.has(name);
}
