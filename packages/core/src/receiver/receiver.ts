import type { AnyPimEvent, PimEventFor, PimEventName } from '../catalog.js';
import { isPimWebhookError, PimWebhookError } from '../errors.js';
import type { PimEvent } from '../events.js';
import type { DeliveryOutcome, IncomingDelivery, PimResponse, PimSource } from '../source.js';
import { defaultAnswer } from './answers.js';
import { type PimRequest, toBytes, toIncomingDelivery } from './delivery.js';
import { type EventResult, EventRunner } from './event-runner.js';
import { HandlerRegistry, type PimEventHandler } from './handler-registry.js';
import { isThenable, type MaybePromise } from './maybe-async.js';
import {
  type PimErrorContext,
  type PimErrorHandler,
  type PimReceiverOptions,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';

/**
 * Receives deliveries from the configured sources: verifies, normalizes, deduplicates and
 * dispatches them, and chooses the HTTP answer. Framework adapters and the node:http / fetch
 * handlers are thin layers over `handle`.
 */
export class PimReceiver {
  /** Settings in force (defaults applied). Adapters read `maxBodyBytes` and `bodyTimeoutMs` from here. */
  readonly options: ResolvedOptions;
  private readonly registry = new HandlerRegistry();
  private readonly errorHandlers: PimErrorHandler[] = [];
  private readonly runner: EventRunner;
  private closing = false;

  constructor(options: PimReceiverOptions) {
    this.options = resolveOptions(options);
    if (options.onError !== undefined) this.errorHandlers.push(options.onError);
    this.runner = new EventRunner({
      store: this.options.store,
      registry: this.registry,
      dedupeTtlMs: this.options.dedupeTtlMs,
      claimLeaseMs: this.options.claimLeaseMs,
      reportStoreProblem: (error, event) => this.report(error, { source: event.source, event }),
    });
  }

  /**
   * Handle events by name: a vendor type (`'PRODUCT_CREATED'`, `'bluestone:PRODUCT_CREATED'`),
   * a topic (`'product.updated'`), a whole source (`'bluestone:*'`), or a list of these.
   * The handler's event is typed from the name. Returns a function that removes the handler.
   */
  on<Name extends PimEventName>(
    names: Name | readonly Name[],
    handler: (event: PimEventFor<Name>) => unknown,
  ): () => void {
    const list: readonly string[] = typeof names === 'string' ? [names] : names;
    return this.registry.add(list, handler as PimEventHandler);
  }

  /** Handle every event, of every source and type (unknown types included). */
  onAny(handler: (event: AnyPimEvent) => unknown): () => void {
    return this.registry.addAny(handler as PimEventHandler);
  }

  /** Be told of every rejected delivery and every failed event, once each. */
  onError(handler: PimErrorHandler): () => void {
    this.errorHandlers.push(handler);
    return () => {
      const at = this.errorHandlers.indexOf(handler);
      if (at >= 0) this.errorHandlers.splice(at, 1);
    };
  }

  /** Whether a source of that name is configured. */
  hasSource(name: string): boolean {
    return this.options.sources.has(name);
  }

  /** Events whose handlers are running now. */
  get inFlight(): number {
    return this.runner.inFlight;
  }

  /**
   * Process one request end to end and return the HTTP answer. Never throws: every problem
   * becomes an answer (and a report to `onError` and the logger).
   */
  async handle(request: PimRequest): Promise<PimResponse> {
    return this.respond(request);
  }

  /**
   * `handle` for adapters: the answer itself when nothing in the delivery had to wait (the usual
   * case with the memory store and synchronous handlers), else a native `Promise` of it. An adapter
   * that writes a synchronous answer at once saves a promise and a few microtask turns per request.
   * Every problem of a delivery becomes an answer; only a bug in a source's own answer policy
   * throws (or rejects), for the adapter to hand to the framework's error handling.
   */
  respond(request: PimRequest): PimResponse | Promise<PimResponse> {
    const source = this.options.sources.get(request.source);
    if (source === undefined) {
      const error = new PimWebhookError(
        'unknown_source',
        `No source named "${request.source}" is configured.`,
      );
      this.report(error, { source: undefined });
      return defaultAnswer({ kind: 'rejected', error });
    }
    let delivery: IncomingDelivery | undefined;
    try {
      const body = toBytes(request.body);
      delivery = toIncomingDelivery(request, body);
      const probe = source.probe?.(delivery);
      if (probe !== undefined) return probe;
      if (this.closing) {
        throw new PimWebhookError('shutting_down', 'The receiver is shutting down.', { source: source.name });
      }
      // Wait only for what is asynchronous: most deliveries are verified and handled synchronously.
      const read = this.readEvents(source, delivery);
      if (!isThenable(read)) return this.answerEvents(source, delivery, read);
      const received = delivery;
      return Promise.resolve(read)
        .then((events) => this.answerEvents(source, received, events))
        .then(undefined, (thrown: unknown) => this.answerFailure(source, received, thrown));
    } catch (thrown) {
      return this.answerFailure(source, delivery, thrown);
    }
  }

  /** Run the events of a verified delivery and answer with the source's policy. */
  private answerEvents(
    source: PimSource,
    delivery: IncomingDelivery,
    events: readonly PimEvent[],
  ): PimResponse | Promise<PimResponse> {
    try {
      const outcome = this.process(source, events);
      if (!isThenable(outcome)) return source.answer(outcome);
      return Promise.resolve(outcome)
        .then((done) => source.answer(done))
        .then(undefined, (thrown: unknown) => this.answerFailure(source, delivery, thrown));
    } catch (thrown) {
      return this.answerFailure(source, delivery, thrown);
    }
  }

  /** Report a delivery that could not be processed, and answer it with the source's policy. */
  private answerFailure(
    source: PimSource,
    delivery: IncomingDelivery | undefined,
    thrown: unknown,
  ): PimResponse {
    const error = asWebhookError(thrown, source.name);
    this.report(error, {
      source: source.name,
      ...(delivery === undefined ? {} : { deliveryId: delivery.id, body: delivery.body }),
    });
    // A source whose answer policy throws has a bug: that throw goes on to the adapter, which hands
    // it to the framework's error handling.
    const answer = source.answer({ kind: 'rejected', error });
    return error.code === 'method_not_allowed'
      ? { ...answer, headers: { ...answer.headers, allow: source.methods.join(', ') } }
      : answer;
  }

  /**
   * Verify and normalize a request without deduplicating or dispatching: for receivers that queue
   * events and handle them elsewhere (then call `dispatch`). Throws a `PimWebhookError` when the
   * request is rejected; `error.status` is the answer to give.
   */
  async verifyAndParse(request: PimRequest): Promise<PimEvent[]> {
    const source = this.options.sources.get(request.source);
    if (source === undefined) {
      throw new PimWebhookError('unknown_source', `No source named "${request.source}" is configured.`);
    }
    try {
      return await this.readEvents(source, toIncomingDelivery(request, toBytes(request.body)));
    } catch (thrown) {
      throw asWebhookError(thrown, source.name);
    }
  }

  /**
   * Deduplicate and run the handlers of one event obtained from `verifyAndParse` (for example in a
   * queue worker). Resolves `'handled'` or `'duplicate'`; throws the handler's failure (wrapped in a
   * `PimWebhookError`) so the queue retries it, after releasing the claim.
   */
  async dispatch(event: PimEvent): Promise<'handled' | 'duplicate'> {
    const result = await this.runner.run(event);
    if (result.kind === 'failed') throw result.error;
    if (result.kind === 'in_flight') {
      throw new PimWebhookError('store_unavailable', 'This event is being handled elsewhere right now.', {
        source: event.source,
        eventId: event.id,
      });
    }
    return result.kind;
  }

  /**
   * Report a delivery that failed before `handle` could run (body too large or too slow, raw body
   * unavailable...) and return the source's answer for it. For adapters.
   */
  reject(error: PimWebhookError, sourceName: string | undefined): PimResponse {
    this.report(error, { source: sourceName });
    const source = sourceName === undefined ? undefined : this.options.sources.get(sourceName);
    return (source?.answer ?? defaultAnswer)({ kind: 'rejected', error });
  }

  /** Wait for the handlers running now to finish. */
  drain(): Promise<void> {
    return this.runner.drain();
  }

  /**
   * Shut down gracefully: from now on deliveries are refused with 503 + `Retry-After` (the vendor
   * retries, reaching another instance); handlers already running get up to `timeoutMs` to finish;
   * the claims of those still running then are released, so their retry is processed elsewhere.
   * Call it after your HTTP server stopped accepting connections.
   */
  async close(options: { timeoutMs?: number } = {}): Promise<{ finished: number; abandoned: number }> {
    this.closing = true;
    const running = this.runner.inFlight;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 10_000);
    });
    const outcome = await Promise.race([this.runner.drain().then(() => 'drained' as const), timedOut]);
    clearTimeout(timer);
    const abandoned = outcome === 'timeout' ? await this.runner.abandon() : 0;
    if (abandoned > 0) {
      this.log('warn', `Shut down with ${abandoned} event(s) still running: their claims were released.`, {
        abandoned,
      });
    }
    return { finished: running - abandoned, abandoned };
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.closing;
  }

  private readEvents(source: PimSource, delivery: IncomingDelivery): MaybePromise<PimEvent[]> {
    if (!(source.methods as readonly string[]).includes(delivery.method)) {
      throw new PimWebhookError(
        'method_not_allowed',
        `${source.name} webhooks do not use ${delivery.method}.`,
        {
          source: source.name,
        },
      );
    }
    if (delivery.body.length > this.options.maxBodyBytes) {
      throw new PimWebhookError('payload_too_large', `The body is over ${this.options.maxBodyBytes} bytes.`, {
        source: source.name,
      });
    }
    const failure = source.verify(delivery);
    if (isThenable(failure)) {
      return Promise.resolve(failure).then((found) => eventsOf(source, delivery, found));
    }
    return eventsOf(source, delivery, failure);
  }

  private process(source: PimSource, events: readonly PimEvent[]): MaybePromise<DeliveryOutcome> {
    const state: RunState = { answered: false, acknowledged: false, failure: undefined };
    const run = this.runAll(events, state);
    // A run that finished synchronously needs no deadline.
    const deadline = source.ackDeadlineMs;
    if (deadline === undefined || !isThenable(run)) return run;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<DeliveryOutcome>((resolve) => {
      timer = setTimeout(() => {
        state.answered = true;
        // A failure already known must still be answered as one, or the vendor never retries that event.
        if (state.failure !== undefined) {
          resolve({ kind: 'failed', error: state.failure, events: events.length });
          return;
        }
        state.acknowledged = true;
        resolve({ kind: 'deferred', events: events.length });
      }, deadline);
      timer.unref?.();
    });
    return Promise.race([run, late]).finally(() => clearTimeout(timer));
  }

  /** Run every event of a delivery in order; synchronous for as long as each run is. */
  private runAll(events: readonly PimEvent[], state: RunState): MaybePromise<DeliveryOutcome> {
    const tally: Tally = { duplicates: 0, inFlight: false, failure: undefined };
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as PimEvent;
      const result = this.runner.run(event);
      if (isThenable(result)) return this.runRest(events, i, result, tally, state);
      this.count(tally, event, result, state);
    }
    return outcomeOf(tally, events.length);
  }

  /** The rest of `runAll` once a run went asynchronous (`pending` is the run of `events[from]`). */
  private async runRest(
    events: readonly PimEvent[],
    from: number,
    pending: Promise<EventResult>,
    tally: Tally,
    state: RunState,
  ): Promise<DeliveryOutcome> {
    let next: MaybePromise<EventResult> = pending;
    for (let i = from; i < events.length; i++) {
      const event = events[i] as PimEvent;
      let result: EventResult;
      try {
        if (i > from) next = this.runner.run(event);
        result = isThenable(next) ? await next : next;
      } catch (thrown) {
        // Once answered, nobody awaits this run: report here, or the failure would go unseen.
        if (!state.answered) throw thrown;
        const error = asWebhookError(thrown, event.source);
        this.report(error, { source: event.source, event });
        return { kind: 'failed', error, events: events.length };
      }
      this.count(tally, event, result, state);
    }
    return outcomeOf(tally, events.length);
  }

  private count(tally: Tally, event: PimEvent, result: EventResult, state: RunState): void {
    if (result.kind === 'duplicate') tally.duplicates++;
    else if (result.kind === 'in_flight') tally.inFlight = true;
    else if (result.kind === 'failed') {
      const error = state.acknowledged
        ? new PimWebhookError('handler_failed_after_ack', result.error.message, {
            source: event.source,
            eventId: event.id,
            eventType: event.type,
            cause: result.error.cause,
          })
        : result.error;
      this.report(error, { source: event.source, event, deliveryId: event.delivery.id });
      tally.failure ??= error;
      if (!state.answered) state.failure ??= error;
    }
  }

  private report(error: PimWebhookError, context: PimErrorContext): void {
    const details: Record<string, unknown> = {
      code: error.code,
      status: error.status,
      source: context.source,
    };
    if (context.event !== undefined) {
      details.eventId = context.event.id;
      details.eventType = context.event.type;
    }
    if (context.deliveryId !== undefined) details.deliveryId = context.deliveryId;
    this.log(error.status >= 500 ? 'error' : 'warn', error.message, details);
    for (const handler of this.errorHandlers) {
      try {
        const result = handler(error, context);
        if (result instanceof Promise) result.catch((e: unknown) => this.reportHookFailure(e));
      } catch (e) {
        this.reportHookFailure(e);
      }
    }
  }

  private reportHookFailure(e: unknown): void {
    this.log('error', 'An onError handler threw.', { error: e instanceof Error ? e.message : String(e) });
  }

  /**
   * Write to the configured logger. A logger that throws must not cost the delivery its answer:
   * the failure becomes a process warning, and the report goes on to the `onError` hooks.
   */
  private log(level: 'warn' | 'error', message: string, details: Record<string, unknown>): void {
    const { logger } = this.options;
    try {
      logger[level](message, details);
    } catch (e) {
      process.emitWarning(
        `pimhooks: the logger threw while reporting "${message}": ${e instanceof Error ? e.message : String(e)}`,
        { code: 'PIMHOOKS_LOGGER_FAILED' },
      );
    }
  }
}

/** What the ack deadline needs to know about a delivery's run. */
interface RunState {
  /** The deadline passed and the delivery was answered; nobody awaits the rest of the run. */
  answered: boolean;
  /** It was answered with success (`deferred`): later failures cannot be retried by the vendor. */
  acknowledged: boolean;
  /** The first handler failure seen before the answer. */
  failure: PimWebhookError | undefined;
}

/** What the runs of a delivery's events came to so far. */
interface Tally {
  duplicates: number;
  inFlight: boolean;
  failure: PimWebhookError | undefined;
}

/** The events of a verified delivery; throws the verifier's refusal, if it refused. */
function eventsOf(
  source: PimSource,
  delivery: IncomingDelivery,
  failure: PimWebhookError | undefined,
): PimEvent[] {
  if (failure !== undefined) throw failure;
  return source.toEvents(source.decode(delivery), delivery);
}

function outcomeOf(tally: Tally, events: number): DeliveryOutcome {
  if (tally.failure !== undefined) return { kind: 'failed', error: tally.failure, events };
  if (tally.inFlight) return { kind: 'in_flight', events };
  return { kind: 'handled', events, duplicates: tally.duplicates };
}

function asWebhookError(thrown: unknown, source: string): PimWebhookError {
  if (isPimWebhookError(thrown)) return thrown;
  return new PimWebhookError('internal_error', `Unexpected error while reading a ${source} delivery.`, {
    source,
    cause: thrown,
  });
}

/** Create a receiver for the given sources. See `PimReceiverOptions`. */
export function createPimReceiver(options: PimReceiverOptions): PimReceiver {
  return new PimReceiver(options);
}
