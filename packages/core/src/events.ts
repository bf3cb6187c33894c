import type { PimTopic } from './topics.js';

/** What one delivery (one HTTP request) carried, shared by every event it yielded. */
export interface DeliveryInfo {
  /** A hash of the delivery's raw bytes: identical for every retry of the same delivery. */
  readonly id: string;
  /** When this process received the request. */
  readonly receivedAt: Date;
  /** Position of this event in the delivery (0 for single-event vendors). */
  readonly index: number;
  /** How many events the delivery carried. */
  readonly count: number;
}

/** The kind of change a vendor reported for one field or relation. */
export type PimChangeKind = 'create' | 'update' | 'delete' | 'associate' | 'disassociate' | 'other';

/**
 * One change a vendor described, normalized across vendors: which field or relation,
 * the old and new value where the vendor sends them, and the locale.
 */
export interface PimChange {
  /** Field or relation that changed, e.g. `name`, `category`, `attribute:5da7…`. */
  readonly field: string;
  readonly kind: PimChangeKind;
  /** The vendor's own word for the kind of change (e.g. `ASSOCIATE`), when it sends one. */
  readonly vendorKind?: string;
  readonly oldValue?: unknown;
  readonly newValue?: unknown;
  /** Locale or context of the change (e.g. `en`), when the vendor says it. */
  readonly locale?: string;
  /** Id of a related entity (category, asset, relation...) when the change links one. */
  readonly relatedId?: string;
}

/**
 * A vendor event after verification and normalization.
 *
 * `type` is the vendor's own name (`PRODUCT_CREATED`); `topic` is the cross-vendor name
 * (`product.created`), `undefined` for event types this version does not know.
 */
export interface PimEvent<
  TSource extends string = string,
  TType extends string = string,
  TData = unknown,
  TTopic extends PimTopic | undefined = PimTopic | undefined,
> {
  /** The vendor's event id, or a content hash that stays the same across the vendor's retries. */
  readonly id: string;
  readonly source: TSource;
  readonly type: TType;
  readonly topic: TTopic;
  /** Ids of the entities the event is about (products, categories...); may be empty. */
  readonly entityIds: readonly string[];
  /** When the vendor says the event happened, if it says so. */
  readonly occurredAt: Date | undefined;
  /** What changed, where the vendor describes it; empty otherwise. */
  readonly changes: readonly PimChange[];
  /** The validated, typed vendor payload for this event. */
  readonly data: TData;
  /** The event exactly as parsed from the delivery, before validation. */
  readonly raw: unknown;
  readonly delivery: DeliveryInfo;
}

/** An event whose type this version does not know: delivered and acknowledged, with untyped data. */
export type UnknownPimEvent<TSource extends string = string> = PimEvent<TSource, string, unknown, undefined>;
