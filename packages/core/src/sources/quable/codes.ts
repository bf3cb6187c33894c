import type { PimTopic } from '../../topics.js';

/** What a Quable event is about: the entity kinds that raise create, update and delete events. */
export const QUABLE_ENTITY_KINDS = [
  'document',
  'media',
  'classification',
  'link',
  'value',
  'variant',
] as const;

/** An entity kind that raises `<kind>.create|update|delete` events. */
export type QuableEntityKind = (typeof QUABLE_ENTITY_KINDS)[number];

/** The three actions of entity events. */
export type QuableAction = 'create' | 'update' | 'delete';

/** Codes of the events raised when a bulk process finishes. */
export const QUABLE_PROCESS_CODES = ['bulk_edit.finish', 'import.finish', 'export.finish'] as const;

/** `bulk_edit.finish`, `import.finish` or `export.finish`. */
export type QuableProcessCode = (typeof QUABLE_PROCESS_CODES)[number];

/** `document.update`, `media.create`...: an event about one entity. */
export type QuableEntityCode = `${QuableEntityKind}.${QuableAction}`;

/** Every documented Quable event code. */
export type QuableEventCode = QuableEntityCode | QuableProcessCode;

const ACTIONS: readonly QuableAction[] = ['create', 'update', 'delete'];

/** Every documented Quable event code: the entity events in documentation order, then the process events. */
export const QUABLE_EVENT_CODES: readonly QuableEventCode[] = [
  ...QUABLE_ENTITY_KINDS.flatMap((kind) => ACTIONS.map((action): QuableEntityCode => `${kind}.${action}`)),
  ...QUABLE_PROCESS_CODES,
];

/**
 * The cross-vendor topic of each Quable code. Document events carry their topic only when the
 * document is a product (its `document_type_code` is one of the source's `productDocumentTypes`);
 * other documents (brands, collections...) have no topic. Links and predefined values have none:
 * Quable cascades their changes into `document.update` events, which carry `product.updated`.
 */
export const quableTopics = {
  'document.create': 'product.created',
  'document.update': 'product.updated',
  'document.delete': 'product.deleted',
  'media.create': 'asset.created',
  'media.update': 'asset.updated',
  'media.delete': 'asset.deleted',
  'classification.create': 'category.created',
  'classification.update': 'category.updated',
  'classification.delete': 'category.deleted',
  'link.create': undefined,
  'link.update': undefined,
  'link.delete': undefined,
  'value.create': undefined,
  'value.update': undefined,
  'value.delete': undefined,
  'variant.create': 'variant.created',
  'variant.update': 'variant.updated',
  'variant.delete': 'variant.deleted',
  'bulk_edit.finish': 'bulk_edit.completed',
  'import.finish': 'import.completed',
  'export.finish': 'export.completed',
} as const satisfies Record<QuableEventCode, PimTopic | undefined>;

/** The topic a code's events may carry: a document event's is `undefined` for documents that are not products. */
export type QuableTopicOf<C extends QuableEventCode> = C extends `document.${string}`
  ? (typeof quableTopics)[C] | undefined
  : (typeof quableTopics)[C];

const codeSet: ReadonlySet<string> = new Set(QUABLE_EVENT_CODES);

/** Whether a code is one of the documented ones. */
export function isQuableEventCode(code: string): code is QuableEventCode {
  return codeSet.has(code);
}

/** Whether a documented code is one of the process (`*.finish`) events. */
export function isQuableProcessCode(code: QuableEventCode): code is QuableProcessCode {
  return code.endsWith('.finish');
}
