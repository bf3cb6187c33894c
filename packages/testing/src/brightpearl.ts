import type { BrightpearlField, BrightpearlFieldMapping, BrightpearlHttpMethod } from '@pimhooks/core';
import type { TestDelivery } from './delivery.js';

/**
 * The JSON body template of Brightpearl's documented webhook example: register it as the webhook's
 * `bodyTemplate` and pimhooks reads its fields with the default mapping.
 */
export const BRIGHTPEARL_BODY_TEMPLATE = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Brightpearl's template syntax, not a JS template.
  '{ "accountCode": "${account-code}", "resourceType": "${resource-type}", "id": "${resource-id}", ',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Brightpearl's template syntax, not a JS template.
  '"lifecycleEvent": "${lifecycle-event}", "fullEvent": "${full-event}", "raisedOn": "${raised-on}", ',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Brightpearl's template syntax, not a JS template.
  '"brightpearlVersion": "${brightpearl-version}" }',
].join('');

/** The template variable behind each field. */
const VARIABLES: Readonly<Record<BrightpearlField, string>> = {
  accountCode: 'account-code',
  resourceType: 'resource-type',
  id: 'resource-id',
  lifecycleEvent: 'lifecycle-event',
  resourceSpecifier: 'resource-specifier',
  fullEvent: 'full-event',
  raisedOn: 'raised-on',
  brightpearlVersion: 'brightpearl-version',
};

/** What Brightpearl fills a template's variables with, for one event. */
export type BrightpearlTemplateValues = Partial<Record<BrightpearlField, string>>;

/** The values of an event: name parts split from `event`, the id set, and fixed account details. */
export function brightpearlValues(event: string, ids: string): Required<BrightpearlTemplateValues> {
  const [resourceType = '', lifecycleEvent = '', ...specifier] = event.split('.');
  return {
    accountCode: 'acmeretail',
    resourceType,
    id: ids,
    lifecycleEvent,
    resourceSpecifier: specifier.join('.'),
    fullEvent: event,
    raisedOn: '2024-03-01T10:15:00Z',
    brightpearlVersion: '5.104.0',
  };
}

/** Fill a template the way Brightpearl does: each `${variable}` replaced by its value. */
export function fillBrightpearlTemplate(template: string, values: BrightpearlTemplateValues): string {
  return template.replace(/\$\{([a-z-]+)\}/g, (whole, variable: string) => {
    const field = (Object.keys(VARIABLES) as BrightpearlField[]).find((f) => VARIABLES[f] === variable);
    const value = field === undefined ? undefined : values[field];
    return value === undefined ? whole : value;
  });
}

export interface BrightpearlDeliveryOptions {
  /** The key in the webhook URL. */
  key: string;
  /** The webhook's method. Default POST. */
  method?: BrightpearlHttpMethod;
  /** The full event name. Default `product.modified.on-hand-modified`. */
  event?: string;
  /** The resource id set. Default `1-5,99,202`. */
  ids?: string;
  /** Values to set on top of those derived from `event` and `ids` (`undefined` leaves a field out). */
  values?: BrightpearlTemplateValues;
  /** Send the key as this query parameter instead of the first path segment. */
  keyQueryParameter?: string;
  /**
   * Field names of a custom template (like the source's `mapping`). With none, POST and PUT send the
   * documented body template, filled in.
   */
  mapping?: BrightpearlFieldMapping;
  /** How POST and PUT bodies are encoded. Default `json`. */
  encoding?: 'json' | 'form';
}

/**
 * A Brightpearl delivery as the webhook would send it: POST and PUT carry the template's fields as
 * a body (the documented JSON template by default); GET and DELETE carry them in the query string.
 */
export function brightpearlDelivery(options: BrightpearlDeliveryOptions): TestDelivery {
  const method = options.method ?? 'POST';
  const values: BrightpearlTemplateValues = {
    ...brightpearlValues(options.event ?? 'product.modified.on-hand-modified', options.ids ?? '1-5,99,202'),
    ...options.values,
  };
  const named: [string, string][] = [];
  for (const field of Object.keys(VARIABLES) as BrightpearlField[]) {
    const value = values[field];
    // The documented template has no specifier field; a custom mapping may name one.
    if (value === undefined || (field === 'resourceSpecifier' && options.mapping?.[field] === undefined))
      continue;
    named.push([options.mapping?.[field] ?? field, value]);
  }
  const query = new URLSearchParams();
  if (options.keyQueryParameter !== undefined) query.set(options.keyQueryParameter, options.key);
  let body = '';
  const headers: Record<string, string> = {};
  if (method === 'GET' || method === 'DELETE') {
    for (const [name, value] of named) query.append(name, value);
  } else if (options.encoding === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(named).toString();
  } else {
    headers['content-type'] = 'application/json';
    body =
      options.mapping === undefined && options.values === undefined
        ? fillBrightpearlTemplate(BRIGHTPEARL_BODY_TEMPLATE, values)
        : JSON.stringify(Object.fromEntries(named));
  }
  return {
    source: 'brightpearl',
    method,
    pathSegments: options.keyQueryParameter === undefined ? [options.key] : [],
    headers,
    body,
    query: query.toString(),
  };
}
