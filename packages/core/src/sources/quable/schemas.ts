import { z } from 'zod';
import type { QuableEntityCode, QuableEventCode, QuableProcessCode } from './codes.js';

/**
 * Zod schemas for Quable notifications. Every Quable event has the same structure whatever its
 * code; objects are loose (fields Quable adds later pass through), and only what pimhooks needs
 * is required: a refused notification counts towards the three failures that disable the webhook.
 */

const text = z.union([z.string(), z.number().transform(String)]);

/** `{ rel, href }` API links. */
const links = z.array(z.looseObject({ rel: z.string().optional(), href: z.string().optional() })).optional();

/** The documentation calls `locales.updated` "the locale" but shows a list: both are read, as a list. */
const localeList = z.union([z.string().transform((locale) => [locale]), z.array(z.string())]).optional();

/** What a Quable notification says about the entity concerned. */
const resourceShape = {
  /** The entity's code (its unique identifier in Quable). */
  code: text,
  /** `document`, `media`/`asset`, `classification`, `link`, `value`, `variant`... */
  type: z.string().optional(),
  /** The document type (`product`, ...) when the entity is a document. */
  document_type_code: z.string().nullable().optional(),
  links,
  locales: z.looseObject({ updated: localeList, inherited: localeList }).nullable().optional(),
  /** The items changed on the entity: fields (attributes), assets, links, variants... */
  updated_items: z.array(z.looseObject({ type: z.string(), code: text })).optional(),
};

/** The kind of process that raised an event, when a process did. */
export type QuableProcessType = 'import' | 'bulk_edit' | (string & {});

const processInfo = z
  .looseObject({
    type: z
      .custom<QuableProcessType>((v) => typeof v === 'string', 'expected a string')
      .nullable()
      .optional(),
    id: text.nullable().optional(),
    correlationId: z.string().nullable().optional(),
  })
  .nullable()
  .optional();

const common = {
  /** The event's unique id: pimhooks' event id and deduplication key. */
  uuid: z.string().min(1).max(200),
  code: z.string(),
  links,
  created_at: z.string().optional(),
  created_by: text.nullable().optional(),
  process: processInfo,
};

/** An event about one entity (`document.update`, `media.delete`...): `resource.code` is required. */
export const quableEntityEventSchema = z.looseObject({ ...common, resource: z.looseObject(resourceShape) });

/** A `*.finish` event: what its `resource` holds is not documented, so it is optional. */
export const quableProcessEventSchema = z.looseObject({
  ...common,
  resource: z
    .looseObject({ ...resourceShape, code: text.optional() })
    .nullable()
    .optional(),
});

type EntityPayload = z.output<typeof quableEntityEventSchema>;
type ProcessPayload = z.output<typeof quableProcessEventSchema>;

/** The typed payload of a Quable event code, e.g. `QuableEventData<'document.update'>`. */
export type QuableEventData<C extends QuableEventCode> = C extends QuableProcessCode
  ? ProcessPayload & { readonly code: C }
  : C extends QuableEntityCode
    ? EntityPayload & { readonly code: C }
    : never;

/** What a notification says about its entity (`resource`), as validated. */
export type QuableResource = EntityPayload['resource'];
