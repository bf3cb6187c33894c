import { PimConfigurationError, type PimWebhookError } from '../errors.js';
import type { PimEvent } from '../events.js';
import { consoleLogger, type PimLogger, silentLogger } from '../logger.js';
import type { PimSource } from '../source.js';
import { memoryStore } from '../stores/memory-store.js';
import type { IdempotencyStore } from '../stores/store.js';

/** What an error report is about. */
export interface PimErrorContext {
  /** The source the delivery was for, when known. */
  readonly source: string | undefined;
  /** The event whose handler failed (handler failures only). */
  readonly event?: PimEvent;
  /** The delivery's id (hash of its raw bytes), when known. */
  readonly deliveryId?: string;
  /**
   * The raw bytes of a rejected delivery, so nothing is lost: keep them to inspect or replay.
   * Not written to the logger.
   */
  readonly body?: Uint8Array;
}

/** Called once for every rejected delivery and every failed event. */
export type PimErrorHandler = (error: PimWebhookError, context: PimErrorContext) => unknown;

export interface PimReceiverOptions {
  /** The vendors to accept, e.g. `[bluestone({ secret })]`. Source names must be unique. */
  sources: readonly PimSource[];
  /**
   * Where deduplication state lives. Default: a bounded in-memory store for one process. Use the
   * Redis store when several instances receive the same webhooks.
   */
  store?: IdempotencyStore;
  /** How long a handled event is remembered, to drop the vendor's retries. Default 72 hours. */
  dedupeTtlMs?: number;
  /**
   * How long an event stays claimed while its handlers run. If the process dies mid-way the claim
   * expires, and the vendor's retry is handled. Default 5 minutes.
   */
  claimLeaseMs?: number;
  /** Largest body accepted, in bytes; larger ones are answered 413 without reading on. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Longest time a client may take to send its body, in milliseconds; then 408. Default 30 s. */
  bodyTimeoutMs?: number;
  /** Where rejections (warn) and failures (error) are written. Default: stderr. `false`: nowhere. */
  logger?: PimLogger | false;
  /** Called once for every rejected delivery and every failed event (see also `receiver.onError`). */
  onError?: PimErrorHandler;
}

export interface ResolvedOptions {
  readonly sources: ReadonlyMap<string, PimSource>;
  readonly store: IdempotencyStore;
  readonly dedupeTtlMs: number;
  readonly claimLeaseMs: number;
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly logger: PimLogger;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new PimConfigurationError(`pimhooks: \`${name}\` must be a positive number, got ${String(value)}.`);
  }
  return value;
}

export function resolveOptions(options: PimReceiverOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object' || !Array.isArray(options.sources)) {
    throw new PimConfigurationError(
      'pimhooks: pass `sources`, e.g. createPimReceiver({ sources: [bluestone({ secret })] }).',
    );
  }
  const sources = new Map<string, PimSource>();
  for (const source of options.sources) {
    if (sources.has(source.name)) {
      throw new PimConfigurationError(
        `pimhooks: two sources are named "${source.name}"; source names must be unique.`,
      );
    }
    sources.set(source.name, source);
  }
  return {
    sources,
    store: options.store ?? memoryStore(),
    dedupeTtlMs: positive('dedupeTtlMs', options.dedupeTtlMs, 72 * 60 * 60 * 1000),
    claimLeaseMs: positive('claimLeaseMs', options.claimLeaseMs, 5 * 60 * 1000),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 1024 * 1024),
    bodyTimeoutMs: positive('bodyTimeoutMs', options.bodyTimeoutMs, 30_000),
    logger: options.logger === false ? silentLogger : (options.logger ?? consoleLogger),
  };
}
