import * as s from '../../schema/index.js';

/**
 * Schemas for the 25 documented Bluestone event types: one per `changes` object.
 * All objects are loose (fields Bluestone adds later pass through), and scalar values sent as
 * numbers or booleans are read as strings, so a small vendor variation never fails a delivery.
 */

/** The vendor's word for a change; the documented ones, or any other string. */
export type BluestoneChangeKind = 'ASSOCIATE' | 'DISASSOCIATE' | 'UPDATE' | (string & {});

const text = s.union(s.string(), s.number().transform(String), s.boolean().transform(String));
const nullableText = text.nullable().optional();
const kind = s.custom<BluestoneChangeKind>((v) => typeof v === 'string', 'a string');
const entityIds = s.array(text);

/**
 * A change object. Bluestone names its kind `type` on product name/number/description changes and
 * `changeType` everywhere else; both are read, and `changeType` is always set on the result.
 */
function change<const T extends s.Shape>(shape: T) {
  return s
    .looseObject({ changeType: kind.optional(), type: kind.optional(), ...shape })
    .transform((c) => (c.changeType === undefined ? { ...c, changeType: c.type } : c));
}

const valueChange = change({ oldValue: nullableText, newValue: nullableText, context: text.optional() });

const attributeChange = change({
  attributeType: text.optional(),
  attributeId: text,
  attributeOldValue: s.unknown().optional(),
  attributeNewValue: s.unknown().optional(),
  context: text.optional(),
});

function event<const TType extends string, const T extends s.Shape>(eventType: TType, shape: T) {
  return s.looseObject({ eventType: s.literal(eventType), entityIds, ...shape });
}

export const bluestoneSchemas = {
  PRODUCT_WATCH_ASSET: event('PRODUCT_WATCH_ASSET', { assetChange: change({ assetId: text }) }),
  PRODUCT_WATCH_BUNDLE: event('PRODUCT_WATCH_BUNDLE', { bundleChange: change({ bundleId: text }) }),
  PRODUCT_WATCH_BUNDLE_QUANTITY: event('PRODUCT_WATCH_BUNDLE_QUANTITY', {
    bundleQuantityChange: valueChange,
  }),
  PRODUCT_WATCH_CATEGORY: event('PRODUCT_WATCH_CATEGORY', { categoryChange: change({ categoryId: text }) }),
  PRODUCT_WATCH_LABEL: event('PRODUCT_WATCH_LABEL', { labelChange: change({ labelId: text }) }),
  PRODUCT_WATCH_METADATA_NAME: event('PRODUCT_WATCH_METADATA_NAME', { nameChange: valueChange }),
  PRODUCT_WATCH_METADATA_NUMBER: event('PRODUCT_WATCH_METADATA_NUMBER', { numberChange: valueChange }),
  PRODUCT_WATCH_METADATA_DESCRIPTION: event('PRODUCT_WATCH_METADATA_DESCRIPTION', {
    descriptionChange: valueChange,
  }),
  PRODUCT_WATCH_RELATION: event('PRODUCT_WATCH_RELATION', {
    relationChange: change({
      relationId: text,
      reverse: s.boolean().optional(),
      connectedProductId: text.optional(),
    }),
  }),
  PRODUCT_WATCH_STATE: event('PRODUCT_WATCH_STATE', { stateChange: valueChange }),
  PRODUCT_WATCH_VARIANT: event('PRODUCT_WATCH_VARIANT', { variantChange: change({ variantId: text }) }),
  PRODUCT_CREATED: event('PRODUCT_CREATED', {
    metadataChanges: s
      .array(
        s.looseObject({
          field: text,
          oldValue: nullableText,
          newValue: nullableText,
          context: text.optional(),
        }),
      )
      .default(() => []),
  }),
  PRODUCT_SYNC_DONE: event('PRODUCT_SYNC_DONE', {
    syncDoneData: s
      .looseObject({ field: text.optional(), value: nullableText, context: text.optional() })
      .optional(),
  }),
  CATEGORY_WATCH_METADATA_NAME: event('CATEGORY_WATCH_METADATA_NAME', { nameChange: valueChange }),
  CATEGORY_WATCH_METADATA_NUMBER: event('CATEGORY_WATCH_METADATA_NUMBER', { numberChange: valueChange }),
  CATEGORY_WATCH_METADATA_DESCRIPTION: event('CATEGORY_WATCH_METADATA_DESCRIPTION', {
    descriptionChange: valueChange,
  }),
  CATEGORY_WATCH_ARCHIVE_STATE: event('CATEGORY_WATCH_ARCHIVE_STATE', { stateChange: valueChange }),
  CATEGORY_WATCH_MOVE: event('CATEGORY_WATCH_MOVE', { parentChange: valueChange }),
  CATEGORY_WATCH_ORDER: event('CATEGORY_WATCH_ORDER', { orderChange: valueChange }),
  CATEGORY_WATCH_ATTRIBUTE: event('CATEGORY_WATCH_ATTRIBUTE', { attributeChange }),
  CATEGORY_CREATED: event('CATEGORY_CREATED', {
    name: nullableText,
    number: nullableText,
    parentId: nullableText,
  }),
  CATEGORY_REMOVED: event('CATEGORY_REMOVED', {}),
  PRODUCT_WATCH_ATTRIBUTE_UPDATE_VALUE: event('PRODUCT_WATCH_ATTRIBUTE_UPDATE_VALUE', { attributeChange }),
  PRODUCT_WATCH_ATTRIBUTE_ASSOCIATION: event('PRODUCT_WATCH_ATTRIBUTE_ASSOCIATION', {
    attributeAssociate: attributeChange,
  }),
  PRODUCT_WATCH_ATTRIBUTE_DISASSOCIATION: event('PRODUCT_WATCH_ATTRIBUTE_DISASSOCIATION', {
    attributeDisassociate: attributeChange,
  }),
} as const;

export type BluestoneEventType = keyof typeof bluestoneSchemas;

/**
 * Any documented Bluestone `changes` object, checked by the schema of its `eventType`: one fast
 * pass for all 25 types, so a receiver warms it up as fast as it would one type's.
 */
export const bluestoneEventSchema = s.variant('eventType', bluestoneSchemas);

/** The typed `changes` object of a Bluestone event type, e.g. `BluestoneEventData<'PRODUCT_CREATED'>`. */
export type BluestoneEventData<T extends BluestoneEventType> = s.Infer<(typeof bluestoneSchemas)[T]>;
