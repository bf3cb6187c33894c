import type { PimChange, PimChangeKind } from '../../events.js';
import type { PimTopic } from '../../topics.js';
import type { BluestoneEventData, BluestoneEventType } from './schemas.js';

/** The cross-vendor topic of every documented Bluestone event type. */
export const bluestoneTopics = {
  PRODUCT_WATCH_ASSET: 'product.updated',
  PRODUCT_WATCH_BUNDLE: 'product.updated',
  PRODUCT_WATCH_BUNDLE_QUANTITY: 'product.updated',
  PRODUCT_WATCH_CATEGORY: 'product.updated',
  PRODUCT_WATCH_LABEL: 'product.updated',
  PRODUCT_WATCH_METADATA_NAME: 'product.updated',
  PRODUCT_WATCH_METADATA_NUMBER: 'product.updated',
  PRODUCT_WATCH_METADATA_DESCRIPTION: 'product.updated',
  PRODUCT_WATCH_RELATION: 'product.updated',
  PRODUCT_WATCH_STATE: 'product.updated',
  PRODUCT_WATCH_VARIANT: 'product.updated',
  PRODUCT_CREATED: 'product.created',
  PRODUCT_SYNC_DONE: 'sync.completed',
  CATEGORY_WATCH_METADATA_NAME: 'category.updated',
  CATEGORY_WATCH_METADATA_NUMBER: 'category.updated',
  CATEGORY_WATCH_METADATA_DESCRIPTION: 'category.updated',
  CATEGORY_WATCH_ARCHIVE_STATE: 'category.updated',
  CATEGORY_WATCH_MOVE: 'category.updated',
  CATEGORY_WATCH_ORDER: 'category.updated',
  CATEGORY_WATCH_ATTRIBUTE: 'category.updated',
  CATEGORY_CREATED: 'category.created',
  CATEGORY_REMOVED: 'category.deleted',
  PRODUCT_WATCH_ATTRIBUTE_UPDATE_VALUE: 'product.updated',
  PRODUCT_WATCH_ATTRIBUTE_ASSOCIATION: 'product.updated',
  PRODUCT_WATCH_ATTRIBUTE_DISASSOCIATION: 'product.updated',
} as const satisfies Record<BluestoneEventType, PimTopic>;

const KINDS: Readonly<Record<string, PimChangeKind>> = {
  ASSOCIATE: 'associate',
  DISASSOCIATE: 'disassociate',
  UNASSOCIATE: 'disassociate',
  UPDATE: 'update',
  CREATE: 'create',
  DELETE: 'delete',
  REMOVE: 'delete',
};

interface VendorChange {
  changeType?: string | undefined;
  oldValue?: unknown;
  newValue?: unknown;
  context?: string | undefined;
}

function toChange(
  field: string,
  c: VendorChange,
  relatedId?: string,
  fallback: PimChangeKind = 'update',
): PimChange {
  const vendorKind = c.changeType;
  // Keys are added only when present (no spreads of temporary objects: this runs for every event).
  const change: { -readonly [K in keyof PimChange]: PimChange[K] } = {
    field,
    kind: vendorKind === undefined ? fallback : (KINDS[vendorKind.toUpperCase()] ?? 'other'),
  };
  if (vendorKind !== undefined) change.vendorKind = vendorKind;
  if (c.oldValue !== undefined) change.oldValue = c.oldValue;
  if (c.newValue !== undefined) change.newValue = c.newValue;
  if (c.context !== undefined) change.locale = c.context;
  if (relatedId !== undefined) change.relatedId = relatedId;
  return change;
}

type AttributeChange = BluestoneEventData<'CATEGORY_WATCH_ATTRIBUTE'>['attributeChange'];

function attribute(c: AttributeChange, fallback: PimChangeKind): PimChange {
  return toChange(
    'attribute',
    {
      changeType: c.changeType,
      context: c.context,
      oldValue: c.attributeOldValue,
      newValue: c.attributeNewValue,
    },
    c.attributeId,
    fallback,
  );
}

type ChangeExtractors = { [T in BluestoneEventType]: (data: BluestoneEventData<T>) => PimChange[] };

/** What changed, per event type, in the cross-vendor `PimChange` form. */
export const bluestoneChanges: ChangeExtractors = {
  PRODUCT_WATCH_ASSET: (d) => [toChange('asset', d.assetChange, d.assetChange.assetId)],
  PRODUCT_WATCH_BUNDLE: (d) => [toChange('bundle', d.bundleChange, d.bundleChange.bundleId)],
  PRODUCT_WATCH_BUNDLE_QUANTITY: (d) => [toChange('bundleQuantity', d.bundleQuantityChange)],
  PRODUCT_WATCH_CATEGORY: (d) => [toChange('category', d.categoryChange, d.categoryChange.categoryId)],
  PRODUCT_WATCH_LABEL: (d) => [toChange('label', d.labelChange, d.labelChange.labelId)],
  PRODUCT_WATCH_METADATA_NAME: (d) => [toChange('name', d.nameChange)],
  PRODUCT_WATCH_METADATA_NUMBER: (d) => [toChange('number', d.numberChange)],
  PRODUCT_WATCH_METADATA_DESCRIPTION: (d) => [toChange('description', d.descriptionChange)],
  PRODUCT_WATCH_RELATION: (d) => [
    toChange('relation', d.relationChange, d.relationChange.connectedProductId),
  ],
  PRODUCT_WATCH_STATE: (d) => [toChange('state', d.stateChange)],
  PRODUCT_WATCH_VARIANT: (d) => [toChange('variant', d.variantChange, d.variantChange.variantId)],
  PRODUCT_CREATED: (d) =>
    d.metadataChanges.map((m) =>
      toChange(
        m.field.toLowerCase(),
        { oldValue: m.oldValue, newValue: m.newValue, context: m.context },
        undefined,
        'create',
      ),
    ),
  PRODUCT_SYNC_DONE: () => [],
  CATEGORY_WATCH_METADATA_NAME: (d) => [toChange('name', d.nameChange)],
  CATEGORY_WATCH_METADATA_NUMBER: (d) => [toChange('number', d.numberChange)],
  CATEGORY_WATCH_METADATA_DESCRIPTION: (d) => [toChange('description', d.descriptionChange)],
  CATEGORY_WATCH_ARCHIVE_STATE: (d) => [toChange('archiveState', d.stateChange)],
  CATEGORY_WATCH_MOVE: (d) => [toChange('parent', d.parentChange)],
  CATEGORY_WATCH_ORDER: (d) => [toChange('order', d.orderChange)],
  CATEGORY_WATCH_ATTRIBUTE: (d) => [attribute(d.attributeChange, 'update')],
  CATEGORY_CREATED: (d) =>
    (['name', 'number', 'parentId'] as const)
      .filter((field) => d[field] !== undefined && d[field] !== null)
      .map((field) => ({
        field: field === 'parentId' ? 'parent' : field,
        kind: 'create',
        newValue: d[field],
      })),
  CATEGORY_REMOVED: () => [],
  PRODUCT_WATCH_ATTRIBUTE_UPDATE_VALUE: (d) => [attribute(d.attributeChange, 'update')],
  PRODUCT_WATCH_ATTRIBUTE_ASSOCIATION: (d) => [attribute(d.attributeAssociate, 'associate')],
  PRODUCT_WATCH_ATTRIBUTE_DISASSOCIATION: (d) => [attribute(d.attributeDisassociate, 'disassociate')],
};
