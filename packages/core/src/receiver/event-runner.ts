import { PimWebhookError } from '../errors.js';
import type { PimEvent } from '../events.js';
import type { ClaimResult, IdempotencyStore } from '../stores/store.js';
import type { HandlerRegistry } from './handler-registry.js';
import { isThenable, type MaybePromise } from './maybe-async.js';

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
 *
 * When the store and the handlers answer synchronously (the memory store, synchronous handlers),
 * a run completes without a single promise: `run` returns its result directly, and nothing else
 * can interleave, so it need not be tracked as running either.
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

  /**
   * Run one event once. Throws (or rejects with) a `store_unavailable` error when the store cannot
   * be reached.
   */
  run(event: PimEvent): MaybePromise<EventResult> {
    const key = `${event.source}:${event.id}`;
    // Nothing runs asynchronously most of the time: skip hashing the key for an empty map.
    const current = this.running.size === 0 ? undefined : this.running.get(key);
    if (current !== undefined) return current.then(asCopyResult);
    let claim: MaybePromise<ClaimResult>;
    try {
      claim = this.settings.store.claim(key, this.settings.claimLeaseMs);
    } catch (cause) {
      throw claimFailed(event, cause);
    }
    if (isThenable(claim)) {
      return this.track(
        key,
        Promise.resolve(claim).then(
          (found) => this.afterClaim(key, event, found),
          (cause: unknown) => Promise.reject(claimFailed(event, cause)),
        ),
      );
    }
    const result = this.afterClaim(key, event, claim);
    return isThenable(result) ? this.track(key, result) : result;
  }

  /** Register a run that went asynchronous, so copies arriving meanwhile wait for it. */
  private track(key: string, run: Promise<EventResult>): Promise<EventResult> {
    this.running.set(key, run);
    const done = () => {
      this.running.delete(key);
    };
    run.then(done, done);
    return run;
  }

  private afterClaim(key: string, event: PimEvent, claim: ClaimResult): MaybePromise<EventResult> {
    if (claim === 'completed') return DUPLICATE;
    if (claim === 'in_flight') return IN_FLIGHT;
    const failure = this.dispatch(event);
    // No closure for the usual synchronous run: this runs for every event.
    if (!isThenable(failure)) return this.settle(key, event, failure);
    return Promise.resolve(failure).then((error) => this.settle(key, event, error));
  }

  /** Record the run in the store: completed, or released so that a retry runs it again. */
  private settle(
    key: string,
    event: PimEvent,
    error: PimWebhookError | undefined,
  ): MaybePromise<EventResult> {
    const result: EventResult = error === undefined ? HANDLED : { kind: 'failed', error };
    const { store, dedupeTtlMs } = this.settings;
    let recorded: void | Promise<void>;
    try {
      recorded = error === undefined ? store.complete(key, dedupeTtlMs) : store.release(key);
    } catch (cause) {
      this.reportSettleFailure(event, error, cause);
      return result;
    }
    if (!isThenable(recorded)) return result;
    return Promise.resolve(recorded).then(
      () => result,
      (cause: unknown) => {
        this.reportSettleFailure(event, error, cause);
        return result;
      },
    );
  }

  private reportSettleFailure(event: PimEvent, error: PimWebhookError | undefined, cause: unknown): void {
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

  /**
   * Run every matching handler (concurrently); the first failure, if any, as a `handler_failed`
   * error. Synchronous when every handler is.
   */
  dispatch(event: PimEvent): MaybePromise<PimWebhookError | undefined> {
    const handlers = this.settings.registry.handlersFor(event);
    let failures: unknown[] | undefined;
    let pending: Promise<unknown>[] | undefined;
    for (const handler of handlers) {
      try {
        const result = handler(event);
        if (isThenable(result)) {
          pending ??= [];
          pending.push(
            Promise.resolve(result).catch((e: unknown) => {
              failures ??= [];
              failures.push(e);
            }),
          );
        }
      } catch (e) {
        failures ??= [];
        failures.push(e);
      }
    }
    if (pending === undefined) return failures === undefined ? undefined : handlerFailed(event, failures);
    return Promise.all(pending).then(() =>
      failures === undefined ? undefined : handlerFailed(event, failures),
    );
  }
}

/** A copy that waited for the first run: a handled run makes it a duplicate; otherwise it shares the result. */
function asCopyResult(result: EventResult): EventResult {
  return result.kind === 'handled' ? DUPLICATE : result;
}

function claimFailed(event: PimEvent, cause: unknown): PimWebhookError {
  return new PimWebhookError('store_unavailable', 'The idempotency store did not answer a claim.', {
    source: event.source,
    eventId: event.id,
    cause,
  });
}

function handlerFailed(event: PimEvent, failures: readonly unknown[]): PimWebhookError {
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
