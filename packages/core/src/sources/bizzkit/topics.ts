import type { PimTopic } from '../../topics.js';

/**
 * Entity prefixes of Bizzkit event names whose meaning is plain enough to map onto a cross-vendor
 * topic. Bizzkit names its webhook events after internal domain events, `<Entity><Verb>`; only
 * these entities get a topic. Others (brands, views, segments...) have no cross-vendor counterpart.
 */
export const BIZZKIT_TOPIC_ENTITIES = {
  ProductCatalogueItem: 'product',
  Product: 'product',
  Category: 'category',
  Attribute: 'attribute',
} as const;

/** Verb suffixes of Bizzkit event names that map onto a topic verb. */
export const BIZZKIT_TOPIC_VERBS = {
  Created: 'created',
  Updated: 'updated',
  Deleted: 'deleted',
} as const;

/**
 * The cross-vendor topic of a Bizzkit event name: the name must be exactly a known entity followed
 * by a known verb (`ProductCatalogueItemDeleted` -> `product.deleted`). Anything else, including
 * names with words in between such as `BrandViewsCreated` or `ProductCatalogueItemViewsCreated`,
 * has no topic: a guess there could send a handler the wrong kind of change.
 */
export function bizzkitTopicOf(name: string): PimTopic | undefined {
  for (const verb of Object.keys(BIZZKIT_TOPIC_VERBS) as (keyof typeof BIZZKIT_TOPIC_VERBS)[]) {
    if (!name.endsWith(verb)) continue;
    const entity = name.slice(0, -verb.length);
    if (Object.hasOwn(BIZZKIT_TOPIC_ENTITIES, entity)) {
      return `${BIZZKIT_TOPIC_ENTITIES[entity as keyof typeof BIZZKIT_TOPIC_ENTITIES]}.${BIZZKIT_TOPIC_VERBS[verb]}`;
    }
  }
  return undefined;
}
