import * as s from '../../schema/index.js';
import type { QuableEntityCode, QuableEventCode, QuableProcessCode } from './codes.js';

/**
 * Schemas for Quable notifications. Every Quable event has the same structure whatever its
 * code; objects are loose (fields Quable adds later pass through), and only what pimhooks needs
 * is required: a refused notification counts towards the three failures that disable the webhook.
 */

const text = s.union(s.string(), s.number().transform(String));

/** `{ rel, href }` API links. */
const links = s.array(s.looseObject({ rel: s.string().optional(), href: s.string().optional() })).optional();

/** The documentation calls `locales.updated` "the locale" but shows a list: both are read, as a list. */
const localeList = s
  .union(
    s.string().transform((locale) => [locale]),
    s.array(s.string()),
  )
  .optional();

/** What a Quable notification says about the entity concerned. */
const resourceShape = {
  /** The entity's code (its unique identifier in Quable). */
  code: text,
  /** `document`, `media`/`asset`, `classification`, `link`, `value`, `variant`... */
  type: s.string().optional(),
  /** The document type (`product`, ...) when the entity is a document. */
  document_type_code: s.string().nullable().optional(),
  links,
  locales: s.looseObject({ updated: localeList, inherited: localeList }).nullable().optional(),
  /** The items changed on the entity: fields (attributes), assets, links, variants... */
  updated_items: s.array(s.looseObject({ type: s.string(), code: text })).optional(),
};

/** The kind of process that raised an event, when a process did. */
export type QuableProcessType = 'import' | 'bulk_edit' | (string & {});

const processInfo = s
  .looseObject({
    type: s
      .custom<QuableProcessType>((v) => typeof v === 'string', 'a string')
      .nullable()
      .optional(),
    id: text.nullable().optional(),
    correlationId: s.string().nullable().optional(),
  })
  .nullable()
  .optional();

const common = {
  /** The event's unique id: pimhooks' event id and deduplication key. */
  uuid: s.string({ min: 1, max: 200 }),
  code: s.string(),
  links,
  created_at: s.string().optional(),
  created_by: text.nullable().optional(),
  process: processInfo,
};

/** An event about one entity (`document.update`, `media.delete`...): `resource.code` is required. */
export const quableEntityEventSchema = s.looseObject({ ...common, resource: s.looseObject(resourceShape) });

/** A `*.finish` event: what its `resource` holds is not documented, so it is optional. */
export const quableProcessEventSchema = s.looseObject({
  ...common,
  resource: s
    .looseObject({ ...resourceShape, code: text.optional() })
    .nullable()
    .optional(),
});

type EntityPayload = s.Infer<typeof quableEntityEventSchema>;
type ProcessPayload = s.Infer<typeof quableProcessEventSchema>;

/** The typed payload of a Quable event code, e.g. `QuableEventData<'document.update'>`. */
export type QuableEventData<C extends QuableEventCode> = C extends QuableProcessCode
  ? ProcessPayload & { readonly code: C }
  : C extends QuableEntityCode
    ? EntityPayload & { readonly code: C }
    : never;

/** What a notification says about its entity (`resource`), as validated. */
export type QuableResource = EntityPayload['resource'];
