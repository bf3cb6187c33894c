import * as s from '../../schema/index.js';

/**
 * Schemas for the `data` of the Akeneo Event Platform event types in Akeneo's published list
 * (`com.akeneo.pim.v1.*`). Every object is loose (fields Akeneo adds later pass through); only the
 * identifiers a handler needs are required.
 */

// Who made the change: informative only, so neither field is required.
const author = s.looseObject({ identifier: s.string().optional(), type: s.string().optional() }).optional();
const ref = s.looseObject({ code: s.string() });
const client = s.looseObject({ client_id: s.string() });
const strings = s.array(s.string());
const addedRemoved = s.looseObject({ added: strings.optional(), removed: strings.optional() });
const previousNew = <T>(value: s.Schema<T>) =>
  s.looseObject({ previous: value.optional(), new: value.optional() });

const valueChange = s.looseObject({
  previous: s.unknown().optional(),
  new: s.unknown().optional(),
  type: s.string().optional(),
  locale: s.string().nullable().optional(),
  scope: s.string().nullable().optional(),
});

const associationSide = s.looseObject({
  products: strings.optional(),
  product_models: strings.optional(),
  groups: strings.optional(),
});

/** What a `*.updated.delta` event says changed. */
const deltaChanges = s.looseObject({
  enabled: previousNew(s.boolean().nullable()).optional(),
  family: previousNew(s.string().nullable()).optional(),
  parent: previousNew(s.string().nullable()).optional(),
  categories: addedRemoved.optional(),
  groups: addedRemoved.optional(),
  values: s.record(s.array(valueChange)).optional(),
  associations: s
    .record(s.looseObject({ added: associationSide.optional(), removed: associationSide.optional() }))
    .optional(),
  quantified_associations: s.record(s.unknown()).optional(),
  table_attributes: s.unknown().optional(),
});

function data<const T extends s.Shape>(shape: T) {
  return s.looseObject({ ...shape, author });
}

const product = data({ product: s.looseObject({ uuid: s.string() }) });
const productDelta = data({
  product: s.looseObject({
    uuid: s.string(),
    updated_at: s.unknown().optional(),
    changes: deltaChanges.optional(),
  }),
});

/**
 * Product model events. Akeneo's field table names the object `product`, its examples
 * `product_model`: both are read, and `product_model` is always set on the result.
 */
function productModel<const T extends s.Shape>(extra: T) {
  const model = s.looseObject({ code: s.string(), ...extra });
  return data({ product_model: model.optional(), product: model.optional() })
    .refine(
      (d) => (d.product_model ?? d.product) !== undefined,
      'expected an object (or one under "product")',
      ['product_model'],
    )
    .transform((d) => ({
      ...d,
      product_model: (d.product_model ?? d.product) as NonNullable<typeof d.product>,
    }));
}

const asset = data({ asset: s.looseObject({ code: s.string(), asset_family: ref }) });
const attribute = data({ attribute: ref });
const attributeGroup = data({ attribute_group: ref });
const attributeOption = data({ attribute_option: s.looseObject({ code: s.string(), attribute: ref }) });
const category = data({ category: ref });
const family = data({ family: ref });
const record = data({ reference_entity_record: s.looseObject({ code: s.string(), reference_entity: ref }) });

/** The schema of the `data` of each documented Akeneo type, by CloudEvent `type`. */
export const akeneoSchemas = {
  'com.akeneo.pim.v1.app.deleted': data({ app: client }),
  'com.akeneo.pim.v1.asset.created': asset,
  'com.akeneo.pim.v1.asset.updated': asset,
  'com.akeneo.pim.v1.asset.deleted': asset,
  'com.akeneo.pim.v1.attribute.created': attribute,
  'com.akeneo.pim.v1.attribute.updated': attribute,
  'com.akeneo.pim.v1.attribute.deleted': attribute,
  'com.akeneo.pim.v1.attribute-group.created': attributeGroup,
  'com.akeneo.pim.v1.attribute-group.updated': attributeGroup,
  'com.akeneo.pim.v1.attribute-group.deleted': attributeGroup,
  'com.akeneo.pim.v1.attribute-option.created': attributeOption,
  'com.akeneo.pim.v1.attribute-option.updated': attributeOption,
  'com.akeneo.pim.v1.attribute-option.deleted': attributeOption,
  'com.akeneo.pim.v1.category.created': category,
  'com.akeneo.pim.v1.category.updated': category,
  'com.akeneo.pim.v1.category.deleted': category,
  'com.akeneo.pim.v1.connection.deleted': data({ connection: client }),
  'com.akeneo.pim.v1.family.created': family,
  'com.akeneo.pim.v1.family.updated': family,
  'com.akeneo.pim.v1.family.deleted': family,
  'com.akeneo.pim.v1.product.created': product,
  'com.akeneo.pim.v1.product.updated': product,
  'com.akeneo.pim.v1.product.updated.delta': productDelta,
  'com.akeneo.pim.v1.product.deleted': product,
  'com.akeneo.pim.v1.product-model.created': productModel({}),
  'com.akeneo.pim.v1.product-model.updated': productModel({}),
  'com.akeneo.pim.v1.product-model.updated.delta': productModel({
    updated_at: s.unknown().optional(),
    changes: deltaChanges.optional(),
  }),
  'com.akeneo.pim.v1.product-model.deleted': productModel({}),
  'com.akeneo.pim.v1.reference-entity-record.created': record,
  'com.akeneo.pim.v1.reference-entity-record.updated': record,
  'com.akeneo.pim.v1.reference-entity-record.deleted': record,
} as const;

/** A documented Akeneo event type: the CloudEvent `type`, e.g. `com.akeneo.pim.v1.product.deleted`. */
export type AkeneoEventType = keyof typeof akeneoSchemas;

/** The typed CloudEvent `data` of an Akeneo event type, e.g. `AkeneoEventData<'com.akeneo.pim.v1.product.created'>`. */
export type AkeneoEventData<T extends AkeneoEventType> = s.Infer<(typeof akeneoSchemas)[T]>;

/** What a delta event says changed (`data.product.changes` / `data.product_model.changes`). */
export type AkeneoDeltaChanges = s.Infer<typeof deltaChanges>;

/** The CloudEvents 1.0 envelope (structured JSON mode) that carries every Akeneo event. */
export const akeneoCloudEventSchema = s.looseObject({
  specversion: s.literal('1.0'),
  id: s.string({ min: 1, max: 1024 }),
  type: s.string({ min: 1, max: 1024 }),
  source: s.string({ min: 1 }),
  subject: s.string().optional(),
  time: s
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'expected an RFC 3339 timestamp')
    .optional(),
  datacontenttype: s.string().optional(),
  dataschema: s.string().optional(),
  data: s.unknown().optional(),
});

/** An Akeneo CloudEvent envelope, checked. */
export type AkeneoCloudEvent = s.Infer<typeof akeneoCloudEventSchema>;
