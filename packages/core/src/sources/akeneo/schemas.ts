import { z } from 'zod';

/**
 * Zod schemas for the `data` of the Akeneo Event Platform event types in Akeneo's published list
 * (`com.akeneo.pim.v1.*`). Every object is loose (fields Akeneo adds later pass through); only the
 * identifiers a handler needs are required.
 */

// Who made the change: informative only, so neither field is required.
const author = z.looseObject({ identifier: z.string().optional(), type: z.string().optional() }).optional();
const ref = z.looseObject({ code: z.string() });
const client = z.looseObject({ client_id: z.string() });
const strings = z.array(z.string());
const addedRemoved = z.looseObject({ added: strings.optional(), removed: strings.optional() });
const previousNew = <T extends z.ZodType>(value: T) =>
  z.looseObject({ previous: value.optional(), new: value.optional() });

const valueChange = z.looseObject({
  previous: z.unknown().optional(),
  new: z.unknown().optional(),
  type: z.string().optional(),
  locale: z.string().nullable().optional(),
  scope: z.string().nullable().optional(),
});

const associationSide = z.looseObject({
  products: strings.optional(),
  product_models: strings.optional(),
  groups: strings.optional(),
});

/** What a `*.updated.delta` event says changed. */
const deltaChanges = z.looseObject({
  enabled: previousNew(z.boolean().nullable()).optional(),
  family: previousNew(z.string().nullable()).optional(),
  parent: previousNew(z.string().nullable()).optional(),
  categories: addedRemoved.optional(),
  groups: addedRemoved.optional(),
  values: z.record(z.string(), z.array(valueChange)).optional(),
  associations: z
    .record(
      z.string(),
      z.looseObject({ added: associationSide.optional(), removed: associationSide.optional() }),
    )
    .optional(),
  quantified_associations: z.record(z.string(), z.unknown()).optional(),
  table_attributes: z.unknown().optional(),
});

function data<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject({ ...shape, author });
}

const product = data({ product: z.looseObject({ uuid: z.string() }) });
const productDelta = data({
  product: z.looseObject({
    uuid: z.string(),
    updated_at: z.unknown().optional(),
    changes: deltaChanges.optional(),
  }),
});

/**
 * Product model events. Akeneo's field table names the object `product`, its examples
 * `product_model`: both are read, and `product_model` is always set on the result.
 */
function productModel<T extends z.ZodRawShape>(extra: T) {
  const model = z.looseObject({ code: z.string(), ...extra });
  return data({ product_model: model.optional(), product: model.optional() }).transform((d, ctx) => {
    const found = d.product_model ?? d.product;
    if (found === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: 'expected product_model.code',
        input: d,
        path: ['product_model'],
      });
      return z.NEVER;
    }
    return { ...d, product_model: found };
  });
}

const asset = data({ asset: z.looseObject({ code: z.string(), asset_family: ref }) });
const attribute = data({ attribute: ref });
const attributeGroup = data({ attribute_group: ref });
const attributeOption = data({ attribute_option: z.looseObject({ code: z.string(), attribute: ref }) });
const category = data({ category: ref });
const family = data({ family: ref });
const record = data({ reference_entity_record: z.looseObject({ code: z.string(), reference_entity: ref }) });

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
    updated_at: z.unknown().optional(),
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
export type AkeneoEventData<T extends AkeneoEventType> = z.output<(typeof akeneoSchemas)[T]>;

/** What a delta event says changed (`data.product.changes` / `data.product_model.changes`). */
export type AkeneoDeltaChanges = z.output<typeof deltaChanges>;

/** The CloudEvents 1.0 envelope (structured JSON mode) that carries every Akeneo event. */
export const akeneoCloudEventSchema = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(1024),
  type: z.string().min(1).max(1024),
  source: z.string().min(1),
  subject: z.string().optional(),
  time: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'expected an RFC 3339 timestamp')
    .optional(),
  datacontenttype: z.string().optional(),
  dataschema: z.string().optional(),
  data: z.unknown().optional(),
});

/** An Akeneo CloudEvent envelope, checked. */
export type AkeneoCloudEvent = z.output<typeof akeneoCloudEventSchema>;
