import { PimConfigurationError } from '@pimhooks/core';

/**
 * The part of an `ioredis` client the store uses (`new Redis(...)`; a `Cluster` has the same shape).
 * Structural, so this package needs no runtime dependency on ioredis.
 */
export interface IoRedisClientLike {
  call(command: string, args: (string | number)[]): Promise<unknown>;
  /** ioredis' connection state: `'ready'`, `'reconnecting'`, `'end'`... */
  readonly status: string;
}

/**
 * The part of a `redis` (node-redis v4 or v5) client the store uses (`createClient(...)`).
 * Structural, so this package needs no runtime dependency on node-redis.
 */
export interface NodeRedisClientLike {
  sendCommand(args: string[]): Promise<unknown>;
  readonly isOpen: boolean;
  readonly isReady: boolean;
}

/** A Redis client the store accepts: an ioredis client or a node-redis client. */
export type RedisClientLike = IoRedisClientLike | NodeRedisClientLike;

/** One way to send raw commands, whatever the client library. */
export interface CommandSender {
  /** `'ioredis'` or `'node-redis'`. */
  readonly kind: 'ioredis' | 'node-redis';
  send(args: readonly string[]): Promise<unknown>;
  /**
   * Why a command cannot be sent now (the client knows it is disconnected), or undefined. Checked
   * before each command so a store fails at once instead of queueing behind a reconnect.
   */
  offlineReason(): string | undefined;
}

// ioredis states in which a command can run now: connected, or never connected yet with
// `lazyConnect` (the first command connects). Anywhere else a command would wait in the offline
// queue behind reconnect attempts (or fail), so the store fails at once instead.
const IOREDIS_USABLE = new Set(['ready', 'wait']);

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

/**
 * Recognise the client by its shape (no `instanceof`: the app's copy of the library may differ
 * from any copy this package could see) and wrap it in a `CommandSender`.
 */
export function commandSenderFor(client: unknown): CommandSender {
  if (typeof client !== 'object' || client === null) {
    throw new PimConfigurationError(
      'redisStore: pass `client`, an ioredis client (`new Redis(url)`) or a node-redis client (`createClient({ url })`).',
    );
  }
  const candidate = client as Partial<Record<string, unknown>>;
  if (isFunction(candidate.call) && typeof candidate.status === 'string') {
    const io = client as IoRedisClientLike;
    return {
      kind: 'ioredis',
      send: ([command, ...args]) => io.call(command as string, args),
      offlineReason: () =>
        IOREDIS_USABLE.has(io.status) ? undefined : `the ioredis client is not connected (${io.status})`,
    };
  }
  // A node-redis cluster routes by key and takes (firstKey, isReadonly, args): not this shape.
  if (isFunction(candidate.sendCommand) && isFunction(candidate.getSlotMaster)) {
    throw new PimConfigurationError(
      'redisStore: node-redis cluster clients are not supported; pass a client from `createClient`, or an ioredis client.',
    );
  }
  if (isFunction(candidate.sendCommand) && typeof candidate.isReady === 'boolean') {
    const node = client as NodeRedisClientLike;
    return {
      kind: 'node-redis',
      send: (args) => node.sendCommand([...args]),
      offlineReason: () => {
        if (!node.isOpen) return 'the node-redis client is closed (call `connect()` first)';
        return node.isReady ? undefined : 'the node-redis client is not connected';
      },
    };
  }
  throw new PimConfigurationError(
    'redisStore: `client` is neither an ioredis client (with `call` and `status`) nor a node-redis client (with `sendCommand` and `isReady`).',
  );
}
