import { SetMetadata } from '@nestjs/common';
import type { PimEventName } from '@pimhooks/core';
import { ON_PIM_EVENT_METADATA } from './tokens.js';

/**
 * Mark a method of a provider or controller as a handler of PIM events: a vendor type
 * (`'PRODUCT_CREATED'`, `'bluestone:PRODUCT_CREATED'`), a topic (`'product.updated'`), a whole source
 * (`'bluestone:*'`), or a list of them. The method is called with each matching event; a throw or a
 * rejection marks the event failed (answered per the vendor's policy, reported to `onError`).
 *
 * Type the parameter with `PimEventFor<'PRODUCT_CREATED'>` to get the typed event.
 */
export function OnPimEvent(names: PimEventName | readonly PimEventName[]): MethodDecorator {
  const list = typeof names === 'string' ? [names] : [...names];
  if (list.length === 0) throw new TypeError('@OnPimEvent() needs at least one event name.');
  return SetMetadata(ON_PIM_EVENT_METADATA, list);
}
