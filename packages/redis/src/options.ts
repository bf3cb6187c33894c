import { PimConfigurationError } from '@pimhooks/core';
import type { RedisClientLike } from './client.js';
import type { RedisStoreError } from './errors.js';

/** What the store does when Redis cannot be reached. */
export type RedisUnavailablePolicy = 'fail-closed' | 'fail-open';

export interface RedisStoreOptions {
  /**
   * A connected client: ioredis (`new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })`)
   * or node-redis v4/v5 (`createClient({ url, disableOfflineQueue: true })`, then `await client.connect()`).
   * The store never connects or closes it.
   */
  client: RedisClientLike;
  /** Prepended to every key, e.g. `pimhooks:bluestone:<event id>`. Default `'pimhooks:'`. */
  keyPrefix?: string;
  /**
   * Longest wait for Redis to answer one command, in milliseconds; then the command counts as
   * failed (see `onUnavailable`). Default 2000.
   */
  commandTimeoutMs?: number;
  /**
   * `'fail-closed'` (default): a claim that Redis cannot answer throws, and the receiver refuses the
   * delivery with 503 + `Retry-After`; the vendor retries later, so nothing is lost or handled twice.
   * `'fail-open'`: such a claim answers `'claimed'` and the event is handled without deduplication,
   * so a retry or a copy sent to another instance during the outage IS HANDLED AGAIN; `complete`
   * and `release` become best-effort (failures go to `onError` only).
   */
  onUnavailable?: RedisUnavailablePolicy;
  /**
   * Told of every failed or timed-out Redis command. In `'fail-open'` mode this is the only trace of
   * an event let through without deduplication. Should not throw.
   */
  onError?: (error: RedisStoreError) => void;
  /** Lease of a claim in milliseconds, overriding the receiver's `claimLeaseMs`. */
  claimLeaseMs?: number;
  /** How long a handled event is remembered in milliseconds, overriding the receiver's `dedupeTtlMs`. */
  dedupeTtlMs?: number;
  /**
   * Most claim tokens kept in this process (one per event running now; see the README's "Release
   * tokens"). Default 100 000.
   */
  maxTrackedClaims?: number;
}

export interface ResolvedRedisStoreOptions {
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
  readonly onUnavailable: RedisUnavailablePolicy;
  readonly onError: ((error: RedisStoreError) => void) | undefined;
  readonly claimLeaseMs: number | undefined;
  readonly dedupeTtlMs: number | undefined;
  readonly maxTrackedClaims: number;
}

function positive(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new PimConfigurationError(
      `redisStore: \`${name}\` must be a positive number, got ${String(value)}.`,
    );
  }
  return value;
}

/** Check the options and apply the defaults; throws `PimConfigurationError` on a bad value. */
export function resolveRedisStoreOptions(options: RedisStoreOptions): ResolvedRedisStoreOptions {
  const keyPrefix = options.keyPrefix ?? 'pimhooks:';
  if (typeof keyPrefix !== 'string') {
    throw new PimConfigurationError('redisStore: `keyPrefix` must be a string.');
  }
  const onUnavailable = options.onUnavailable ?? 'fail-closed';
  if (onUnavailable !== 'fail-closed' && onUnavailable !== 'fail-open') {
    throw new PimConfigurationError(
      `redisStore: \`onUnavailable\` must be 'fail-closed' or 'fail-open', got ${String(onUnavailable)}.`,
    );
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new PimConfigurationError('redisStore: `onError` must be a function.');
  }
  const maxTrackedClaims = options.maxTrackedClaims ?? 100_000;
  if (!Number.isInteger(maxTrackedClaims) || maxTrackedClaims < 1) {
    throw new PimConfigurationError(
      `redisStore: \`maxTrackedClaims\` must be a positive integer, got ${String(maxTrackedClaims)}.`,
    );
  }
  return {
    keyPrefix,
    commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs) ?? 2000,
    onUnavailable,
    onError: options.onError,
    claimLeaseMs: positive('claimLeaseMs', options.claimLeaseMs),
    dedupeTtlMs: positive('dedupeTtlMs', options.dedupeTtlMs),
    maxTrackedClaims,
  };
}
