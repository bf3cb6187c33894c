import { randomBytes } from 'node:crypto';
import { type ClaimResult, type IdempotencyStore, PimConfigurationError } from '@pimhooks/core';
import { ClaimTokens } from './claim-tokens.js';
import { type CommandSender, commandSenderFor } from './client.js';
import { RedisStoreError, type RedisStoreOperation } from './errors.js';
import {
  type RedisStoreOptions,
  type ResolvedRedisStoreOptions,
  resolveRedisStoreOptions,
} from './options.js';
import {
  CLAIM_REPLY,
  CLAIM_SCRIPT,
  COMPLETED_VALUE,
  inFlightValue,
  RELEASE_SCRIPT,
  runScript,
} from './scripts.js';

/** Redis expiries are whole, positive milliseconds. */
function toPx(ms: number): string {
  return String(Math.max(1, Math.ceil(ms)));
}

function asNumber(reply: unknown): number {
  return typeof reply === 'number' || typeof reply === 'bigint' || typeof reply === 'string'
    ? Number(reply)
    : Number.NaN;
}

class CommandTimeout extends RedisStoreError {}

/**
 * An idempotency store on Redis, for receivers running on several instances: one claim per event
 * across all of them. Create it with `redisStore`.
 */
export class RedisStore implements IdempotencyStore {
  /** Settings in force (defaults applied). */
  readonly options: ResolvedRedisStoreOptions;
  private readonly sender: CommandSender;
  private readonly tokens: ClaimTokens;
  // Tokens are this store's random id plus a counter: unique across instances, cheap per claim.
  private readonly instanceId = randomBytes(9).toString('base64url');
  private sequence = 0;

  constructor(options: RedisStoreOptions) {
    if (options === null || typeof options !== 'object') {
      throw new PimConfigurationError('redisStore: pass options, e.g. redisStore({ client }).');
    }
    this.sender = commandSenderFor(options.client);
    this.options = resolveRedisStoreOptions(options);
    this.tokens = new ClaimTokens(this.options.maxTrackedClaims);
  }

  /** Which client library the store detected: `'ioredis'` or `'node-redis'`. */
  get clientKind(): 'ioredis' | 'node-redis' {
    return this.sender.kind;
  }

  /** Claims of this store not yet completed or released (bounded by `maxTrackedClaims`). */
  get trackedClaims(): number {
    return this.tokens.size;
  }

  /** The Redis key that holds the state of a store key. */
  redisKey(key: string): string {
    return `${this.options.keyPrefix}${key}`;
  }

  async claim(key: string, leaseMs: number): Promise<ClaimResult> {
    const redisKey = this.redisKey(key);
    const value = inFlightValue(`${this.instanceId}.${(++this.sequence).toString(36)}`);
    const lease = toPx(this.options.claimLeaseMs ?? leaseMs);
    let reply: unknown;
    try {
      reply = await this.command(
        'claim',
        redisKey,
        () => runScript(this.sender, CLAIM_SCRIPT, redisKey, [value, lease]),
        (late) => {
          // We answered "unavailable", so nobody runs this event here: undo a claim that landed late,
          // or every retry would be told "in flight" until the lease ends.
          if (this.options.onUnavailable === 'fail-closed' && asNumber(late) === CLAIM_REPLY.claimed) {
            this.command('release', redisKey, () =>
              runScript(this.sender, RELEASE_SCRIPT, redisKey, [value]),
            ).catch(() => {}); // already reported to onError by command()
          }
        },
      );
    } catch (error) {
      if (this.options.onUnavailable === 'fail-closed') throw error;
      // Fail-open: handle without deduplication; keep the token in case the claim did land.
      this.tokens.remember(key, value);
      return 'claimed';
    }
    switch (asNumber(reply)) {
      case CLAIM_REPLY.claimed:
        this.tokens.remember(key, value);
        return 'claimed';
      case CLAIM_REPLY.completed:
        return 'completed';
      case CLAIM_REPLY.inFlight:
        return 'in_flight';
      default:
        throw new RedisStoreError('claim', redisKey, `unexpected reply from Redis (${typeof reply})`);
    }
  }

  async complete(key: string, ttlMs: number): Promise<void> {
    const redisKey = this.redisKey(key);
    this.tokens.take(key);
    const ttl = toPx(this.options.dedupeTtlMs ?? ttlMs);
    // Unconditional: whoever handled the event, it is handled, even if our lease already ended.
    await this.bestEffortWhenOpen(
      this.command('complete', redisKey, () =>
        this.sender.send(['SET', redisKey, COMPLETED_VALUE, 'PX', ttl]),
      ),
    );
  }

  async release(key: string): Promise<void> {
    const value = this.tokens.take(key);
    // Not a claim of ours (or forgotten past `maxTrackedClaims`): leave it to its lease.
    if (value === undefined) return;
    const redisKey = this.redisKey(key);
    await this.bestEffortWhenOpen(
      this.command('release', redisKey, () => runScript(this.sender, RELEASE_SCRIPT, redisKey, [value])),
    );
  }

  private async bestEffortWhenOpen(done: Promise<unknown>): Promise<void> {
    try {
      await done;
    } catch (error) {
      if (this.options.onUnavailable === 'fail-closed') throw error;
    }
  }

  /**
   * Run one command within `commandTimeoutMs`, failing at once when the client knows it is
   * disconnected. Every failure is a `RedisStoreError`, reported to `onError`. `onLate` receives the
   * reply of a command that answered after its timeout.
   */
  private async command(
    operation: RedisStoreOperation,
    redisKey: string,
    run: () => Promise<unknown>,
    onLate?: (reply: unknown) => void,
  ): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const offline = this.sender.offlineReason();
      if (offline !== undefined) throw new RedisStoreError(operation, redisKey, offline);
      const pending = run();
      const timeoutMs = this.options.commandTimeoutMs;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new CommandTimeout(operation, redisKey, `no answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
        timer.unref();
      });
      try {
        return await Promise.race([pending, timeout]);
      } catch (error) {
        if (error instanceof CommandTimeout && onLate !== undefined) pending.then(onLate, () => {});
        throw error;
      }
    } catch (error) {
      const failure =
        error instanceof RedisStoreError
          ? error
          : new RedisStoreError(
              operation,
              redisKey,
              error instanceof Error ? error.message : String(error),
              error,
            );
      this.report(failure);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  private report(error: RedisStoreError): void {
    try {
      this.options.onError?.(error);
    } catch {
      // A broken error hook must not turn a store answer into a crash.
    }
  }
}

/**
 * An idempotency store on Redis: pass it as the receiver's `store` when several instances receive
 * the same webhooks. See `RedisStoreOptions` for the client settings that keep an outage short.
 */
export function redisStore(options: RedisStoreOptions): RedisStore {
  return new RedisStore(options);
}
