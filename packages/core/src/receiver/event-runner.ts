import { PimWebhookError } from '../errors.js';
import type { PimEvent } from '../events.js';
import type { IdempotencyStore } from '../stores/store.js';
import type { HandlerRegistry } from './handler-registry.js';

/** What became of one event. */
export type EventResult =
  | { readonly kind: 'handled' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'in_flight' }
  | { readonly kind: 'failed'; readonly error: PimWebhookError };

const HANDLED: EventResult = { kind: 'handled' };
const DUPLICATE: EventResult = { kind: 'duplicate' };
const IN_FLIGHT: EventResult = { kind: 'in_flight' };

export interface EventRunnerSettings {
  readonly store: IdempotencyStore;
  readonly registry: HandlerRegistry;
  readonly dedupeTtlMs: number;
  readonly claimLeaseMs: number;
  /** Report problems that do not change the event's result (a failed `complete`/`release`). */
  readonly reportStoreProblem: (error: PimWebhookError, event: PimEvent) => void;
}

/**
 * Runs each event at most once: claim in the store, run the handlers, then complete (success) or
 * release (failure, so the vendor's retry runs it again). Copies of an event arriving while it runs
 * in this process wait for that run and share its result; copies running in another instance are
 * reported `in_flight`.
 */
export class EventRunner {
  private readonly running = new Map<string, Promise<EventResult>>();

  constructor(private readonly settings: EventRunnerSettings) {}

  /** Events whose handlers are running now, in this process. */
  get inFlight(): number {
    return this.running.size;
  }

  /** Wait until the events running now have finished (new ones may start meanwhile). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Release the claims of the events still running, so that the vendor's retry is processed by
   * another instance instead of being refused until the claim lease ends. Returns how many.
   */
  async abandon(): Promise<number> {
    const keys = [...this.running.keys()];
    await Promise.allSettled(keys.map((key) => this.settings.store.release(key)));
    return keys.length;
  }

  /** Run one event once. Throws a `store_unavailable` error when the store cannot be reached. */
  async run(event: PimEvent): Promise<EventResult> {
    const key = `${event.source}:${event.id}`;
    const current = this.running.get(key);
    if (current !== undefined) {
      const result = await current;
      return result.kind === 'handled' ? DUPLICATE : result;
    }
    const run = this.claimAndRun(key, event);
    this.running.set(key, run);
    try {
      return await run;
    } finally {
      this.running.delete(key);
    }
  }

  private async claimAndRun(key: string, event: PimEvent): Promise<EventResult> {
    const { store, dedupeTtlMs, claimLeaseMs } = this.settings;
    let claim: Awaited<ReturnType<IdempotencyStore['claim']>>;
    try {
      claim = await store.claim(key, claimLeaseMs);
    } catch (cause) {
      throw new PimWebhookError('store_unavailable', 'The idempotency store did not answer a claim.', {
        source: event.source,
        eventId: event.id,
        cause,
      });
    }
    if (claim === 'completed') return DUPLICATE;
    if (claim === 'in_flight') return IN_FLIGHT;

    const error = await this.dispatch(event);
    try {
      if (error === undefined) await store.complete(key, dedupeTtlMs);
      else await store.release(key);
    } catch (cause) {
      this.settings.reportStoreProblem(
        new PimWebhookError(
          'store_unavailable',
          error === undefined
            ? 'The event was handled, but the store did not record it: a retry may run it again.'
            : 'The store did not release a failed event: its retries are refused until the claim lease ends.',
          { source: event.source, eventId: event.id, eventType: event.type, cause },
        ),
        event,
      );
    }
    return error === undefined ? HANDLED : { kind: 'failed', error };
  }

  /** Run every matching handler (concurrently); the first failure, if any, as a `handler_failed` error. */
  async dispatch(event: PimEvent): Promise<PimWebhookError | undefined> {
    const handlers = this.settings.registry.handlersFor(event);
    const failures: unknown[] = [];
    let pending: Promise<unknown>[] | undefined;
    for (const handler of handlers) {
      try {
        const result = handler(event);
        if (isThenable(result)) {
          pending ??= [];
          pending.push(Promise.resolve(result).catch((e: unknown) => failures.push(e)));
        }
      } catch (e) {
        failures.push(e);
      }
    }
    if (pending !== undefined) await Promise.all(pending);
    if (failures.length === 0) return undefined;
    const cause =
      failures.length === 1 ? failures[0] : new AggregateError(failures, 'Several handlers failed.');
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new PimWebhookError(
      'handler_failed',
      `A handler for ${event.source} ${event.type} failed: ${detail}`,
      {
        source: event.source,
        eventId: event.id,
        eventType: event.type,
        cause,
      },
    );
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function'
  );
}
