import type { PimTopic } from '../../topics.js';

/** A Bizzkit event payload as pimhooks knows it without your declarations: any JSON object. */
export type BizzkitPayload = { readonly [key: string]: unknown };

/**
 * The events Bizzkit documents by name. Their payload fields are not published, so they are typed
 * as any JSON object until you declare them in `BizzkitPayloads`.
 */
export interface BizzkitDocumentedPayloads {
  BrandViewsCreated: BizzkitPayload;
  ProductCatalogueItemCreated: BizzkitPayload;
}

/**
 * Your Bizzkit events and their payload types. Empty by default: add the events you subscribe to
 * by declaration merging, and handlers of those names receive typed data:
 *
 * ```ts
 * declare module '@pimhooks/core' {
 *   interface BizzkitPayloads {
 *     ProductCatalogueItemCreated: { productCatalogueItemId: number };
 *   }
 * }
 * ```
 *
 * A declaration here replaces the loose type of a documented event of the same name. pimhooks does
 * not check payloads against these types at run time (Bizzkit publishes no schema); declare what
 * the payload examples in Bizzkit's webhook screen show.
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface, so that users can extend it by declaration merging.
export interface BizzkitPayloads {}

/** Every Bizzkit event name with its payload type: the documented ones, overridden by yours. */
export type BizzkitPayloadMap = Omit<BizzkitDocumentedPayloads, keyof BizzkitPayloads> & BizzkitPayloads;

/** Entity prefixes of Bizzkit event names that correspond to a cross-vendor topic entity. */
interface BizzkitTopicEntities {
  ProductCatalogueItem: 'product';
  Product: 'product';
  Category: 'category';
  Attribute: 'attribute';
}

/** Verb suffixes of Bizzkit event names that correspond to a cross-vendor topic verb. */
interface BizzkitTopicVerbs {
  Created: 'created';
  Updated: 'updated';
  Deleted: 'deleted';
}

type TopicCandidate<N extends string> = {
  [V in keyof BizzkitTopicVerbs]: N extends `${infer E}${V}`
    ? E extends keyof BizzkitTopicEntities
      ? `${BizzkitTopicEntities[E]}.${BizzkitTopicVerbs[V]}`
      : never
    : never;
}[keyof BizzkitTopicVerbs];

/**
 * The topic of a Bizzkit event name, by the rule of `bizzkitTopicOf`: `<Entity><Verb>` with a known
 * entity and verb, e.g. `ProductCatalogueItemUpdated` -> `product.updated`; `undefined` otherwise.
 */
export type BizzkitTopicOf<N extends string> = [TopicCandidate<N>] extends [never]
  ? undefined
  : Extract<TopicCandidate<N>, PimTopic>;

/** Every known Bizzkit event name with its topic and payload type (drives handler typing). */
export type BizzkitEventMap = {
  [N in keyof BizzkitPayloadMap & string]: { topic: BizzkitTopicOf<N>; data: BizzkitPayloadMap[N] };
};

/** A known Bizzkit event name (documented or declared in `BizzkitPayloads`). */
export type BizzkitEventName = keyof BizzkitEventMap & string;
