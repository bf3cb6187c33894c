import type { PimEvent } from '../events.js';
import { isPimTopic } from '../topics.js';

/** A function called with each matching event. A rejection or throw marks the event failed. */
export type PimEventHandler<E = PimEvent> = (event: E) => unknown;

const ANY = '*';

/**
 * Handlers by subscription name, and the list that matches each (source, type). Lists are cached
 * per (source, type), so dispatch does no lookups beyond one Map get on the hot path.
 */
export class HandlerRegistry {
  private readonly byName = new Map<string, PimEventHandler[]>();
  private readonly cache = new Map<string, readonly PimEventHandler[]>();

  add(names: readonly string[], handler: PimEventHandler): () => void {
    if (typeof handler !== 'function') throw new TypeError('A pimhooks handler must be a function.');
    for (const name of names) {
      if (typeof name !== 'string' || name.length === 0) {
        throw new TypeError('pimhooks: event names must be non-empty strings.');
      }
      const list = this.byName.get(name);
      if (list === undefined) this.byName.set(name, [handler]);
      else list.push(handler);
    }
    this.cache.clear();
    return () => {
      for (const name of names) {
        const list = this.byName.get(name);
        const at = list?.indexOf(handler) ?? -1;
        if (list !== undefined && at >= 0) list.splice(at, 1);
      }
      this.cache.clear();
    };
  }

  addAny(handler: PimEventHandler): () => void {
    return this.add([ANY], handler);
  }

  /**
   * Every handler for an event, each once, in the order: `source:type`, bare `type` (when not
   * spelled like a topic), topic, `source:*`, any.
   */
  handlersFor(event: Pick<PimEvent, 'source' | 'type' | 'topic'>): readonly PimEventHandler[] {
    const cacheKey = `${event.source}\u0000${event.type}\u0000${event.topic ?? ''}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const names = [`${event.source}:${event.type}`];
    if (!isPimTopic(event.type)) names.push(event.type);
    if (event.topic !== undefined) names.push(event.topic);
    names.push(`${event.source}:*`, ANY);
    const found = new Set<PimEventHandler>();
    for (const name of names) for (const h of this.byName.get(name) ?? []) found.add(h);
    const list = [...found];
    // Bounded: vendor types are finite, and unknown ones are few in practice; cap it anyway.
    if (this.cache.size < 10_000) this.cache.set(cacheKey, list);
    return list;
  }
}
