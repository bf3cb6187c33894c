import { PimConfigurationError } from '@pimhooks/core';
import { Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { describe, expect, it } from 'vitest';
import { type RedisStoreOptions, redisStore } from '../src/index.js';

// Clients that are never connected: detection and option checks need no server.
const ioredis = new Redis({ lazyConnect: true });
const nodeRedis = createClient();

describe('redisStore setup', () => {
  it('recognises an ioredis client and a node-redis client by their shape', () => {
    expect(redisStore({ client: ioredis }).clientKind).toBe('ioredis');
    expect(redisStore({ client: nodeRedis }).clientKind).toBe('node-redis');
  });

  it('applies the documented defaults', () => {
    expect(redisStore({ client: ioredis }).options).toEqual({
      keyPrefix: 'pimhooks:',
      commandTimeoutMs: 2000,
      onUnavailable: 'fail-closed',
      onError: undefined,
      claimLeaseMs: undefined,
      dedupeTtlMs: undefined,
      maxTrackedClaims: 100_000,
    });
  });

  it.each([
    ['no options', undefined, /pass options/],
    ['no client', {}, /pass `client`/],
    ['a client of another kind', { client: { get: () => null } }, /neither an ioredis client/],
    [
      'a node-redis cluster',
      { client: createCluster({ rootNodes: [] }) },
      /cluster clients are not supported/,
    ],
  ])('refuses %s with a clear PimConfigurationError', (_, options, message) => {
    const create = () => redisStore(options as unknown as RedisStoreOptions);
    expect(create).toThrow(PimConfigurationError);
    expect(create).toThrow(message);
  });

  it.each([
    [{ commandTimeoutMs: 0 }, /commandTimeoutMs/],
    [{ commandTimeoutMs: Number.POSITIVE_INFINITY }, /commandTimeoutMs/],
    [{ claimLeaseMs: -1 }, /claimLeaseMs/],
    [{ dedupeTtlMs: Number.NaN }, /dedupeTtlMs/],
    [{ maxTrackedClaims: 1.5 }, /maxTrackedClaims/],
    [{ onUnavailable: 'ignore' }, /onUnavailable/],
    [{ keyPrefix: 42 }, /keyPrefix/],
    [{ onError: 'log' }, /onError/],
  ])('refuses the bad option %o', (bad, message) => {
    const create = () => redisStore({ client: ioredis, ...(bad as object) });
    expect(create).toThrow(PimConfigurationError);
    expect(create).toThrow(message);
  });

  it('fails a command at once, with a RedisStoreError, when the node-redis client was never connected', async () => {
    const errors: string[] = [];
    const store = redisStore({ client: nodeRedis, onError: (e) => errors.push(e.operation) });
    await expect(store.claim('bluestone:x', 1000)).rejects.toMatchObject({
      name: 'RedisStoreError',
      operation: 'claim',
      key: 'pimhooks:bluestone:x',
      message: expect.stringMatching(/closed \(call `connect\(\)` first\)/),
    });
    expect(errors).toEqual(['claim']);
  });
});
