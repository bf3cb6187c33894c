import { PimWebhookError } from '../../errors.js';
import type { IncomingDelivery } from '../../source.js';

/** What a Bizzkit event name may look like: a domain event name, no spaces or slashes. */
const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,199}$/;

function invalid(message: string): PimWebhookError {
  return new PimWebhookError('invalid_envelope', message, { source: 'bizzkit' });
}

/**
 * The event name of a delivery: the configured header when it is present, else the last path
 * segment after the mount path (`/webhooks/bizzkit/ProductCatalogueItemCreated`). Bizzkit calls a
 * URL per subscribed event, so the name has to be put in the URL (or a header) when registering.
 */
export function readBizzkitEventName(delivery: IncomingDelivery, header: string | undefined): string {
  let name: string | undefined;
  if (header !== undefined) {
    const value = delivery.headers.get(header);
    if (value === null) throw invalid(`The ${header} header was sent more than once.`);
    if (value !== undefined && value.trim() !== '') name = value.trim();
  }
  name ??= delivery.pathSegments[delivery.pathSegments.length - 1];
  if (name === undefined || name === '') {
    throw invalid(
      'A Bizzkit delivery needs an event name: register the webhook URL with the event name as last path ' +
        'segment (e.g. /webhooks/bizzkit/ProductCatalogueItemCreated)' +
        (header === undefined
          ? ', or set `eventNameHeader` to read it from a header.'
          : `, or send it in the ${header} header.`),
    );
  }
  if (!EVENT_NAME.test(name)) {
    throw invalid('The Bizzkit event name must be a plain name such as ProductCatalogueItemCreated.');
  }
  return name;
}
