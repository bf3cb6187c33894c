import type { PimTopic } from '../../topics.js';

/** What happened to a Brightpearl resource: the middle part of its event names. */
export type BrightpearlLifecycle = 'created' | 'modified' | 'destroyed';

/** Resource types whose events pimhooks types by name. Others still arrive (see `brightpearl:*`). */
export const BRIGHTPEARL_RESOURCE_TYPES = [
  'product',
  'order',
  'sales-order',
  'goods-out-note',
  'goods-in-note',
  'drop-ship-note',
  'quarantine-release',
] as const;

/** A resource type whose events are typed by name. */
export type BrightpearlResourceType = (typeof BRIGHTPEARL_RESOURCE_TYPES)[number];

/** The shape of every Brightpearl event name: `{resource-type}.{lifecycle}[.{specifier}]`. */
export type BrightpearlEventShape =
  | `${string}.${BrightpearlLifecycle}`
  | `${string}.${BrightpearlLifecycle}.${string}`;

/**
 * Every Brightpearl event pimhooks knows by name, with its cross-vendor topic. Products map to the
 * product topics, except on-hand stock changes (`stock.updated`: frequent, and not a change of the
 * product's information); orders and sales orders map to the order topics; warehouse notes have no
 * cross-vendor topic.
 */
export const brightpearlTopics = {
  'product.created': 'product.created',
  'product.modified': 'product.updated',
  'product.destroyed': 'product.deleted',
  'product.modified.on-hand-modified': 'stock.updated',
  'order.created': 'order.created',
  'order.modified': 'order.updated',
  'order.destroyed': 'order.deleted',
  'order.modified.fully-shipped': 'order.updated',
  'sales-order.created': 'order.created',
  'sales-order.modified': 'order.updated',
  'sales-order.destroyed': 'order.deleted',
  'goods-out-note.created': undefined,
  'goods-out-note.modified': undefined,
  'goods-out-note.destroyed': undefined,
  'goods-out-note.modified.printed': undefined,
  'goods-out-note.modified.un-printed': undefined,
  'goods-out-note.modified.picked': undefined,
  'goods-out-note.modified.un-picked': undefined,
  'goods-out-note.modified.packed': undefined,
  'goods-out-note.modified.un-packed': undefined,
  'goods-out-note.modified.shipped': undefined,
  'goods-in-note.created': undefined,
  'goods-in-note.modified': undefined,
  'goods-in-note.destroyed': undefined,
  'drop-ship-note.created': undefined,
  'drop-ship-note.modified': undefined,
  'drop-ship-note.destroyed': undefined,
  'drop-ship-note.modified.shipped': undefined,
  'quarantine-release.created': undefined,
  'quarantine-release.modified': undefined,
  'quarantine-release.destroyed': undefined,
} as const satisfies Record<`${BrightpearlResourceType}.${BrightpearlLifecycle}`, PimTopic | undefined> &
  Record<string, PimTopic | undefined>;

/** A Brightpearl event name pimhooks types (`product.created`, `goods-out-note.modified.shipped`...). */
export type BrightpearlEventName = keyof typeof brightpearlTopics;

/** Every Brightpearl event name pimhooks types. */
export const BRIGHTPEARL_EVENT_NAMES = Object.keys(brightpearlTopics) as BrightpearlEventName[];

/** Whether an event name is one pimhooks types. */
export function isBrightpearlEventName(name: string): name is BrightpearlEventName {
  return Object.hasOwn(brightpearlTopics, name);
}

// Lowercase words joined by dots: `resource.lifecycle` plus at most a few specifier parts.
const EVENT_NAME = /^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*){1,4}$/;

/** Whether a (lowercased) event name has Brightpearl's dotted shape, within a sane length. */
export function isEventNameShape(name: string): boolean {
  return name.length <= 128 && EVENT_NAME.test(name);
}
