import type { PimChange } from '../../events.js';
import type { PimTopic } from '../../topics.js';
import type { AkeneoDeltaChanges, AkeneoEventData, AkeneoEventType } from './schemas.js';

/**
 * The cross-vendor topic of every documented Akeneo event type. Product models, families,
 * attribute groups and options, reference entity records, apps and connections have no
 * cross-vendor counterpart: they have no topic (handle them by type, or with `akeneo:*`). Product
 * models are kept off the product topics on purpose: their ids are codes, not product uuids, and a
 * product handler fetching by uuid would fail on them.
 */
export const akeneoTopics = {
  'com.akeneo.pim.v1.app.deleted': undefined,
  'com.akeneo.pim.v1.asset.created': 'asset.created',
  'com.akeneo.pim.v1.asset.updated': 'asset.updated',
  'com.akeneo.pim.v1.asset.deleted': 'asset.deleted',
  'com.akeneo.pim.v1.attribute.created': 'attribute.created',
  'com.akeneo.pim.v1.attribute.updated': 'attribute.updated',
  'com.akeneo.pim.v1.attribute.deleted': 'attribute.deleted',
  'com.akeneo.pim.v1.attribute-group.created': undefined,
  'com.akeneo.pim.v1.attribute-group.updated': undefined,
  'com.akeneo.pim.v1.attribute-group.deleted': undefined,
  'com.akeneo.pim.v1.attribute-option.created': undefined,
  'com.akeneo.pim.v1.attribute-option.updated': undefined,
  'com.akeneo.pim.v1.attribute-option.deleted': undefined,
  'com.akeneo.pim.v1.category.created': 'category.created',
  'com.akeneo.pim.v1.category.updated': 'category.updated',
  'com.akeneo.pim.v1.category.deleted': 'category.deleted',
  'com.akeneo.pim.v1.connection.deleted': undefined,
  'com.akeneo.pim.v1.family.created': undefined,
  'com.akeneo.pim.v1.family.updated': undefined,
  'com.akeneo.pim.v1.family.deleted': undefined,
  'com.akeneo.pim.v1.product.created': 'product.created',
  'com.akeneo.pim.v1.product.updated': 'product.updated',
  'com.akeneo.pim.v1.product.updated.delta': 'product.updated',
  'com.akeneo.pim.v1.product.deleted': 'product.deleted',
  'com.akeneo.pim.v1.product-model.created': undefined,
  'com.akeneo.pim.v1.product-model.updated': undefined,
  'com.akeneo.pim.v1.product-model.updated.delta': undefined,
  'com.akeneo.pim.v1.product-model.deleted': undefined,
  'com.akeneo.pim.v1.reference-entity-record.created': undefined,
  'com.akeneo.pim.v1.reference-entity-record.updated': undefined,
  'com.akeneo.pim.v1.reference-entity-record.deleted': undefined,
} as const satisfies Record<AkeneoEventType, PimTopic | undefined>;

type IdExtractors = { [T in AkeneoEventType]: (data: AkeneoEventData<T>) => string[] };

const productIds = (d: { product: { uuid: string } }) => [d.product.uuid];
const modelIds = (d: { product_model: { code: string } }) => [d.product_model.code];
const assetIds = (d: { asset: { code: string } }) => [d.asset.code];
const attributeIds = (d: { attribute: { code: string } }) => [d.attribute.code];
const groupIds = (d: { attribute_group: { code: string } }) => [d.attribute_group.code];
const optionIds = (d: { attribute_option: { code: string } }) => [d.attribute_option.code];
const categoryIds = (d: { category: { code: string } }) => [d.category.code];
const familyIds = (d: { family: { code: string } }) => [d.family.code];
const recordIds = (d: { reference_entity_record: { code: string } }) => [d.reference_entity_record.code];

/** The id of the entity each type is about: a product uuid, or the code of everything else. */
export const akeneoEntityIds: IdExtractors = {
  'com.akeneo.pim.v1.app.deleted': (d) => [d.app.client_id],
  'com.akeneo.pim.v1.asset.created': assetIds,
  'com.akeneo.pim.v1.asset.updated': assetIds,
  'com.akeneo.pim.v1.asset.deleted': assetIds,
  'com.akeneo.pim.v1.attribute.created': attributeIds,
  'com.akeneo.pim.v1.attribute.updated': attributeIds,
  'com.akeneo.pim.v1.attribute.deleted': attributeIds,
  'com.akeneo.pim.v1.attribute-group.created': groupIds,
  'com.akeneo.pim.v1.attribute-group.updated': groupIds,
  'com.akeneo.pim.v1.attribute-group.deleted': groupIds,
  'com.akeneo.pim.v1.attribute-option.created': optionIds,
  'com.akeneo.pim.v1.attribute-option.updated': optionIds,
  'com.akeneo.pim.v1.attribute-option.deleted': optionIds,
  'com.akeneo.pim.v1.category.created': categoryIds,
  'com.akeneo.pim.v1.category.updated': categoryIds,
  'com.akeneo.pim.v1.category.deleted': categoryIds,
  'com.akeneo.pim.v1.connection.deleted': (d) => [d.connection.client_id],
  'com.akeneo.pim.v1.family.created': familyIds,
  'com.akeneo.pim.v1.family.updated': familyIds,
  'com.akeneo.pim.v1.family.deleted': familyIds,
  'com.akeneo.pim.v1.product.created': productIds,
  'com.akeneo.pim.v1.product.updated': productIds,
  'com.akeneo.pim.v1.product.updated.delta': productIds,
  'com.akeneo.pim.v1.product.deleted': productIds,
  'com.akeneo.pim.v1.product-model.created': modelIds,
  'com.akeneo.pim.v1.product-model.updated': modelIds,
  'com.akeneo.pim.v1.product-model.updated.delta': modelIds,
  'com.akeneo.pim.v1.product-model.deleted': modelIds,
  'com.akeneo.pim.v1.reference-entity-record.created': recordIds,
  'com.akeneo.pim.v1.reference-entity-record.updated': recordIds,
  'com.akeneo.pim.v1.reference-entity-record.deleted': recordIds,
};

function listChanges(field: string, side: { added?: string[]; removed?: string[] } | undefined): PimChange[] {
  if (side === undefined) return [];
  return [
    ...(side.added ?? []).map((id): PimChange => ({ field, kind: 'associate', relatedId: id })),
    ...(side.removed ?? []).map((id): PimChange => ({ field, kind: 'disassociate', relatedId: id })),
  ];
}

function scalarChange(field: string, c: { previous?: unknown; new?: unknown } | undefined): PimChange[] {
  if (c === undefined) return [];
  return [{ field, kind: 'update', oldValue: c.previous, newValue: c.new }];
}

/**
 * The changes a delta event describes, in the cross-vendor form: one per attribute value (with
 * its locale; `attribute:<code>` as field), per property (`enabled`, `family`, `parent`), and per
 * category, group or association added or removed.
 */
export function akeneoDeltaChanges(changes: AkeneoDeltaChanges | undefined): PimChange[] {
  if (changes === undefined) return [];
  const out: PimChange[] = [
    ...scalarChange('enabled', changes.enabled),
    ...scalarChange('family', changes.family),
    ...scalarChange('parent', changes.parent),
    ...listChanges('category', changes.categories),
    ...listChanges('group', changes.groups),
  ];
  for (const [code, values] of Object.entries(changes.values ?? {})) {
    for (const value of values) {
      const previous = value.previous ?? null;
      const next = value.new ?? null;
      out.push({
        field: `attribute:${code}`,
        kind: previous === null ? 'create' : next === null ? 'delete' : 'update',
        ...(value.type === undefined ? {} : { vendorKind: value.type }),
        oldValue: previous,
        newValue: next,
        ...(typeof value.locale === 'string' ? { locale: value.locale } : {}),
      });
    }
  }
  for (const [associationType, sides] of Object.entries(changes.associations ?? {})) {
    for (const [key, field] of [
      ['products', 'product'],
      ['product_models', 'product_model'],
      ['groups', 'group'],
    ] as const) {
      out.push(
        ...listChanges(`association:${associationType}:${field}`, {
          added: sides.added?.[key],
          removed: sides.removed?.[key],
        }),
      );
    }
  }
  return out;
}

/** The changes an event describes: only the delta types describe any. */
export function akeneoChanges(type: AkeneoEventType, data: unknown): PimChange[] {
  if (type === 'com.akeneo.pim.v1.product.updated.delta') {
    return akeneoDeltaChanges((data as AkeneoEventData<typeof type>).product.changes);
  }
  if (type === 'com.akeneo.pim.v1.product-model.updated.delta') {
    return akeneoDeltaChanges((data as AkeneoEventData<typeof type>).product_model.changes);
  }
  return [];
}

/** Best-effort ids for types this version does not know: the `uuid` or `code` of `data`'s objects. */
export function unknownEntityIds(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const ids: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === 'author' || typeof value !== 'object' || value === null) continue;
    const { uuid, code } = value as { uuid?: unknown; code?: unknown };
    if (typeof uuid === 'string') ids.push(uuid);
    else if (typeof code === 'string') ids.push(code);
  }
  return ids;
}
