import { PimConfigurationError, PimWebhookError } from '../../errors.js';
import { parseJsonBody } from '../../request/json.js';
import type { IncomingDelivery } from '../../source.js';

/**
 * What a Brightpearl delivery can tell, one field per template variable: `accountCode` is
 * `${account-code}`, `id` is `${resource-id}` (an id set), `fullEvent` is `${full-event}`...
 */
export const BRIGHTPEARL_FIELDS = [
  'accountCode',
  'resourceType',
  'id',
  'lifecycleEvent',
  'resourceSpecifier',
  'fullEvent',
  'raisedOn',
  'brightpearlVersion',
] as const;

/** One of the fields a Brightpearl template can fill. */
export type BrightpearlField = (typeof BRIGHTPEARL_FIELDS)[number];

/**
 * For each field, the name your template gives it: a key of the JSON (or form) body, or a query
 * parameter of the `uriTemplate`. Fields left out keep their default name, which is the name the
 * documented body template uses (`accountCode`, `resourceType`, `id`, `lifecycleEvent`,
 * `fullEvent`, `raisedOn`, `brightpearlVersion`; and `resourceSpecifier`).
 */
export type BrightpearlFieldMapping = Partial<Record<BrightpearlField, string>>;

/** The complete mapping: the defaults overridden by the user's. */
export function resolveMapping(
  mapping: BrightpearlFieldMapping = {},
): Readonly<Record<BrightpearlField, string>> {
  const resolved = {} as Record<BrightpearlField, string>;
  for (const field of BRIGHTPEARL_FIELDS) {
    const name = mapping[field] ?? field;
    if (typeof name !== 'string' || name === '') {
      throw new PimConfigurationError(`brightpearl: \`mapping.${field}\` must be a non-empty field name.`);
    }
    resolved[field] = name;
  }
  for (const key of Object.keys(mapping)) {
    if (!(BRIGHTPEARL_FIELDS as readonly string[]).includes(key)) {
      throw new PimConfigurationError(
        `brightpearl: \`mapping\` has no field "${key}"; the fields are ${BRIGHTPEARL_FIELDS.join(', ')}.`,
      );
    }
  }
  return resolved;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isFormBody(delivery: IncomingDelivery): boolean {
  const type = delivery.headers.get('content-type');
  return typeof type === 'string' && type.toLowerCase().includes('application/x-www-form-urlencoded');
}

function readForm(delivery: IncomingDelivery, into: Record<string, string>): void {
  let text: string;
  try {
    text = strictUtf8.decode(delivery.body);
  } catch {
    throw new PimWebhookError('invalid_envelope', 'The form body is not valid UTF-8.', {
      source: 'brightpearl',
    });
  }
  for (const [name, value] of new URLSearchParams(text)) into[name] = value;
}

function readJson(delivery: IncomingDelivery, into: Record<string, string>): void {
  const body = parseJsonBody(delivery.body, 'brightpearl');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PimWebhookError(
      'invalid_envelope',
      'A Brightpearl body is a JSON object of template fields (or a form-encoded body).',
      { source: 'brightpearl' },
    );
  }
  for (const [name, value] of Object.entries(body)) {
    // Templates fill in text; a value written without quotes (`"id": ${resource-id}`) arrives as a number.
    if (typeof value === 'string') into[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') into[name] = String(value);
  }
}

/**
 * Every field a delivery carries, by the name the template gives it: the query string's parameters
 * (except the key's), overridden by the body's fields (JSON object, or form-encoded when the
 * content type says so). GET and DELETE deliveries have no body: their fields are all in the query.
 */
export function readBrightpearlFields(
  delivery: IncomingDelivery,
  keyParameter: string | undefined,
): Readonly<Record<string, string>> {
  const fields: Record<string, string> = Object.create(null);
  for (const [name, value] of delivery.query) {
    if (name !== keyParameter && !(name in fields)) fields[name] = value;
  }
  if (delivery.body.length > 0) {
    if (isFormBody(delivery)) readForm(delivery, fields);
    else readJson(delivery, fields);
  }
  return fields;
}
