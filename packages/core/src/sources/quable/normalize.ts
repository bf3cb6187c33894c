import type { PimChange, PimChangeKind } from '../../events.js';
import type { PimTopic } from '../../topics.js';
import { type QuableEventCode, quableTopics } from './codes.js';
import type { QuableResource } from './schemas.js';

/** Item types that name a field (attribute) of the entity; other items are related entities. */
const FIELD_ITEMS: ReadonlySet<string> = new Set(['field', 'attribute']);

const KIND_OF_ACTION: Readonly<Record<string, PimChangeKind>> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
};

/**
 * The topic of an event: a document event has its product topic only when the document's type is
 * one of `productTypes`; every other code has the topic of its table entry.
 */
export function quableTopicFor(
  code: QuableEventCode,
  documentType: string | null | undefined,
  productTypes: ReadonlySet<string>,
): PimTopic | undefined {
  if (code.startsWith('document.') && (documentType == null || !productTypes.has(documentType))) {
    return undefined;
  }
  return quableTopics[code];
}

/**
 * `updated_items` in the cross-vendor form. A field item becomes a change of that field; any other
 * item (asset, link, document, variant...) a change named after its type, with the item's code as
 * `relatedId`. The locale is set when the update names exactly one: with several, which item changed
 * in which locale is not said, and `data.resource.locales` keeps the whole list.
 */
export function quableChanges(
  code: string,
  resource: Partial<QuableResource> | null | undefined,
): PimChange[] {
  const items = resource?.updated_items;
  if (items === undefined || items.length === 0) return [];
  const kind = KIND_OF_ACTION[code.slice(code.lastIndexOf('.') + 1)] ?? 'other';
  const updated = resource?.locales?.updated;
  const locale = updated?.length === 1 ? updated[0] : undefined;
  return items.map((item): PimChange => {
    const isField = FIELD_ITEMS.has(item.type);
    return {
      field: isField ? item.code : item.type,
      kind,
      ...(isField ? {} : { relatedId: item.code }),
      ...(locale === undefined ? {} : { locale }),
    };
  });
}

/** Parse `created_at`; an unreadable date is left out rather than failing the event. */
export function quableDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
