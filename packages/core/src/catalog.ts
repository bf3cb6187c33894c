import type { PimEvent, UnknownPimEvent } from './events.js';
import type { AkeneoEventMap } from './sources/akeneo/index.js';
import type { BizzkitEventMap } from './sources/bizzkit/index.js';
import type { BluestoneEventMap } from './sources/bluestone/index.js';
import type { BrightpearlEventMap } from './sources/brightpearl/index.js';
import type { QuableEventMap } from './sources/quable/index.js';
import type { PimTopic } from './topics.js';

/**
 * Every source's known event types, each with its topic and typed data. This drives handler
 * typing: `on('PRODUCT_CREATED', e => e.data.metadataChanges)`. An interface, so that a source
 * added outside this package can register its events by declaration merging.
 */
export interface PimEventCatalog {
  bluestone: BluestoneEventMap;
  quable: QuableEventMap;
  brightpearl: BrightpearlEventMap;
  bizzkit: BizzkitEventMap;
  akeneo: AkeneoEventMap;
}

/** Names of the sources in the catalog (`'bluestone'`, ...). */
export type PimSourceName = keyof PimEventCatalog & string;

/** A source's known event type names. */
export type PimEventType<S extends PimSourceName> = keyof PimEventCatalog[S] & string;

/** The event a known vendor type yields, fully typed. */
export type KnownPimEvent<
  S extends PimSourceName,
  T extends PimEventType<S>,
> = PimEventCatalog[S][T] extends {
  topic: infer Topic extends PimTopic | undefined;
  data: infer Data;
}
  ? // One event per possible topic (a Quable document is a product or not): a topic handler then
    // receives the types that can carry its topic, and `event.topic` stays the full union.
    Topic extends unknown
    ? PimEvent<S, T, Data, Topic>
    : never
  : never;

/** Any event a source can yield: its known types, typed, or an unknown type with untyped data. */
export type PimSourceEvent<S extends PimSourceName> =
  | { [T in PimEventType<S>]: KnownPimEvent<S, T> }[PimEventType<S>]
  | UnknownPimEvent<S>;

type AnyKnownEvent = {
  [S in PimSourceName]: { [T in PimEventType<S>]: KnownPimEvent<S, T> }[PimEventType<S>];
}[PimSourceName];

/** The events a topic handler receives: every known vendor event with that topic. */
export type PimTopicEvent<Topic extends PimTopic> = [Extract<AnyKnownEvent, { topic: Topic }>] extends [never]
  ? PimEvent<PimSourceName, string, unknown, Topic>
  : Extract<AnyKnownEvent, { topic: Topic }>;

type AnyVendorType = { [S in PimSourceName]: PimEventType<S> }[PimSourceName];

/**
 * Vendor event types usable without their source prefix: every one that is not spelled like a
 * topic. (A vendor type spelled exactly like a topic is reached as `source:type`.)
 */
export type PimBareEventName = Exclude<AnyVendorType, PimTopic>;

/** `source:type` for every known type, always unambiguous. */
export type PimQualifiedEventName = { [S in PimSourceName]: `${S}:${PimEventType<S>}` }[PimSourceName];

/** `source:*`: every event of one source, known types and unknown ones. */
export type PimSourceWildcard = `${PimSourceName}:*`;

/**
 * What a handler can subscribe to:
 * - a topic: `'product.updated'` (the same logical change from every vendor);
 * - a vendor type: `'PRODUCT_CREATED'`, or qualified `'bluestone:PRODUCT_CREATED'`;
 * - a whole source: `'bluestone:*'`.
 */
export type PimEventName = PimTopic | PimBareEventName | PimQualifiedEventName | PimSourceWildcard;

type BareEvent<N extends string> = {
  [S in PimSourceName]: N extends PimEventType<S> ? KnownPimEvent<S, N> : never;
}[PimSourceName];

/** The event type a handler of `Name` receives. */
export type PimEventFor<Name extends PimEventName> = Name extends PimTopic
  ? PimTopicEvent<Name>
  : Name extends `${infer S extends PimSourceName}:*`
    ? PimSourceEvent<S>
    : Name extends `${infer S extends PimSourceName}:${infer T}`
      ? T extends PimEventType<S>
        ? KnownPimEvent<S, T>
        : never
      : BareEvent<Name>;

/** Any event the receiver can deliver. */
export type AnyPimEvent = AnyKnownEvent | UnknownPimEvent;
