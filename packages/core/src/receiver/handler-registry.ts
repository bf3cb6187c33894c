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
  // source -> type -> topic ('' for none) -> handlers. Nested maps look up the strings the event
  // already holds, instead of building a combined key string for every event.
  private readonly cache = new Map<string, Map<string, Map<string, readonly PimEventHandler[]>>>();
  private cached = 0;

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
    this.clearCache();
    return () => {
      for (const name of names) {
        const list = this.byName.get(name);
        const at = list?.indexOf(handler) ?? -1;
        if (list !== undefined && at >= 0) list.splice(at, 1);
      }
      this.clearCache();
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
    const topic = event.topic ?? '';
    const cached = this.cache.get(event.source)?.get(event.type)?.get(topic);
    if (cached !== undefined) return cached;
    const names = [`${event.source}:${event.type}`];
    if (!isPimTopic(event.type)) names.push(event.type);
    if (event.topic !== undefined) names.push(event.topic);
    names.push(`${event.source}:*`, ANY);
    const found = new Set<PimEventHandler>();
    for (const name of names) for (const h of this.byName.get(name) ?? []) found.add(h);
    const list = [...found];
    // Bounded: vendor types are finite, and unknown ones are few in practice; cap it anyway.
    if (this.cached < 10_000) {
      let byType = this.cache.get(event.source);
      if (byType === undefined) {
        byType = new Map();
        this.cache.set(event.source, byType);
      }
      let byTopic = byType.get(event.type);
      if (byTopic === undefined) {
        byTopic = new Map();
        byType.set(event.type, byTopic);
      }
      byTopic.set(topic, list);
      this.cached++;
    }
    return list;
  }

  private clearCache(): void {
    this.cache.clear();
    this.cached = 0;
  }
}
