import { randomUUID } from 'node:crypto';
import type { ClaimResult } from '@pimhooks/core';
import { type RedisServer, startRedisServer } from '@pimhooks/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStoreError, redisStore } from '../src/index.js';
import { CLIENT_KINDS, closeAllClients, connectClient, inspector, waitFor } from './support/clients.js';

let server: RedisServer & { stop(): Promise<void> };
let look: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  look = await inspector(server.url);
});

afterAll(async () => {
  look?.disconnect();
  await closeAllClients();
  await server?.stop();
});

const LONG = 60_000;

function freshKey(): string {
  return `bluestone:${randomUUID()}`;
}

describe.each(CLIENT_KINDS)('redisStore with %s', (kind) => {
  async function newStore(options: Omit<Parameters<typeof redisStore>[0], 'client'> = {}) {
    const { client } = await connectClient(kind, server.url);
    return redisStore({ client, ...options });
  }

  it('detects the client library', async () => {
    const store = await newStore();
    expect(store.clientKind).toBe(kind);
  });

  it('claims a free key once; further claims see it in flight, then completed', async () => {
    const store = await newStore();
    const key = freshKey();
    expect(await store.claim(key, LONG)).toBe('claimed');
    expect(await store.claim(key, LONG)).toBe('in_flight');
    const claimed = await look.get(`pimhooks:${key}`);
    expect(claimed).toMatch(/^in_flight:\S+$/);
    const leaseLeft = await look.pttl(`pimhooks:${key}`);
    expect(leaseLeft).toBeGreaterThan(0);
    expect(leaseLeft).toBeLessThanOrEqual(LONG);

    await store.complete(key, 3_600_000);
    expect(await look.get(`pimhooks:${key}`)).toBe('completed');
    const ttlLeft = await look.pttl(`pimhooks:${key}`);
    expect(ttlLeft).toBeGreaterThan(LONG);
    expect(ttlLeft).toBeLessThanOrEqual(3_600_000);
    expect(await store.claim(key, LONG)).toBe('completed');
    expect(store.trackedClaims).toBe(0);
  });

  it('release frees the key so the retry is claimed again', async () => {
    const store = await newStore();
    const key = freshKey();
    expect(await store.claim(key, LONG)).toBe('claimed');
    await store.release(key);
    expect(await look.exists(`pimhooks:${key}`)).toBe(0);
    expect(await store.claim(key, LONG)).toBe('claimed');
  });

  it('an unfinished claim expires at the end of its lease', async () => {
    const store = await newStore();
    const key = freshKey();
    expect(await store.claim(key, 40)).toBe('claimed');
    await waitFor('the lease to end', async () => (await look.exists(`pimhooks:${key}`)) === 0);
    expect(await store.claim(key, LONG)).toBe('claimed');
  });

  it('a completion is forgotten after its TTL', async () => {
    const store = await newStore();
    const key = freshKey();
    await store.claim(key, LONG);
    await store.complete(key, 40);
    await waitFor('the TTL to end', async () => (await look.exists(`pimhooks:${key}`)) === 0);
    expect(await store.claim(key, LONG)).toBe('claimed');
  });

  it('50 concurrent claims of one key from two clients: exactly one is claimed', async () => {
    const stores = [await newStore(), await newStore()];
    for (let round = 0; round < 5; round++) {
      const key = freshKey();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => stores[i % 2]!.claim(key, LONG)),
      );
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r === 'in_flight')).toHaveLength(49);
    }
  });

  it('a late release cannot delete a newer claim of another instance', async () => {
    const [a, b, c] = [await newStore(), await newStore(), await newStore()];
    const key = freshKey();
    expect(await a.claim(key, 40)).toBe('claimed');
    await waitFor('the lease to end', async () => (await look.exists(`pimhooks:${key}`)) === 0);
    expect(await b.claim(key, LONG)).toBe('claimed');
    const newer = await look.get(`pimhooks:${key}`);

    await a.release(key);
    expect(await look.get(`pimhooks:${key}`)).toBe(newer);
    expect(await c.claim(key, LONG)).toBe('in_flight');
  });

  it('a late release cannot delete a completion', async () => {
    const [a, b] = [await newStore(), await newStore()];
    const key = freshKey();
    expect(await a.claim(key, 40)).toBe('claimed');
    await waitFor('the lease to end', async () => (await look.exists(`pimhooks:${key}`)) === 0);
    expect(await b.claim(key, LONG)).toBe('claimed');
    await b.complete(key, LONG);
    await a.release(key);
    expect(await b.claim(key, LONG)).toBe('completed');
  });

  it('releasing a key this store never claimed leaves it alone', async () => {
    const [a, b] = [await newStore(), await newStore()];
    const key = freshKey();
    await a.claim(key, LONG);
    await b.release(key);
    expect(await b.claim(key, LONG)).toBe('in_flight');
  });

  it('completing after the lease ended still records the event as handled', async () => {
    const [a, b] = [await newStore(), await newStore()];
    const key = freshKey();
    await a.claim(key, 40);
    await waitFor('the lease to end', async () => (await look.exists(`pimhooks:${key}`)) === 0);
    await a.complete(key, LONG);
    expect(await b.claim(key, LONG)).toBe('completed');
  });

  it('uses the key prefix, and stores with different prefixes do not share keys', async () => {
    const one = await newStore({ keyPrefix: 'app-one:' });
    const two = await newStore({ keyPrefix: 'app-two:' });
    const key = freshKey();
    expect(one.redisKey(key)).toBe(`app-one:${key}`);
    expect(await one.claim(key, LONG)).toBe('claimed');
    expect(await look.exists(`app-one:${key}`)).toBe(1);
    expect(await look.exists(`pimhooks:${key}`)).toBe(0);
    expect(await two.claim(key, LONG)).toBe('claimed');
    expect(await look.exists(`app-two:${key}`)).toBe(1);
  });

  it('its own TTL options override what the receiver passes', async () => {
    const store = await newStore({ claimLeaseMs: 5000, dedupeTtlMs: 7000 });
    const key = freshKey();
    await store.claim(key, 3_600_000);
    expect(await look.pttl(`pimhooks:${key}`)).toBeLessThanOrEqual(5000);
    await store.complete(key, 3_600_000);
    const ttl = await look.pttl(`pimhooks:${key}`);
    expect(ttl).toBeGreaterThan(5000);
    expect(ttl).toBeLessThanOrEqual(7000);
  });

  it('reloads its scripts when Redis has forgotten them', async () => {
    const store = await newStore();
    await look.script('FLUSH');
    const key = freshKey();
    expect(await store.claim(key, LONG)).toBe('claimed');
    await look.script('FLUSH');
    await store.release(key);
    expect(await look.exists(`pimhooks:${key}`)).toBe(0);
  });

  it('keeps at most maxTrackedClaims tokens; a forgotten claim is left to its lease', async () => {
    const store = await newStore({ maxTrackedClaims: 2 });
    const keys = [freshKey(), freshKey(), freshKey()];
    for (const key of keys) expect(await store.claim(key, LONG)).toBe('claimed');
    expect(store.trackedClaims).toBe(2);
    await store.release(keys[0]!);
    expect(await look.exists(`pimhooks:${keys[0]}`)).toBe(1);
    await store.release(keys[1]!);
    await store.complete(keys[2]!, LONG);
    expect(await look.exists(`pimhooks:${keys[1]}`)).toBe(0);
    expect(store.trackedClaims).toBe(0);
  });

  it('a claim Redis does not answer in time fails, and is undone when it lands late', async () => {
    const events: string[] = [];
    const errors: RedisStoreError[] = [];
    const store = await newStore({ commandTimeoutMs: 100, onError: (e) => errors.push(e) });
    const key = freshKey();
    const redisKey = `pimhooks:${key}`;
    const watcher = await inspector(server.url);
    await look.config('SET', 'notify-keyspace-events', 'Kg$');
    await watcher.subscribe(`__keyspace@0__:${redisKey}`);
    watcher.on('message', (_channel: string, event: string) => events.push(event));

    // Real Redis holding every write (scripts included) while paused: the claim cannot be answered.
    await look.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    let failure: unknown;
    try {
      await store.claim(key, LONG);
    } catch (error) {
      failure = error;
    } finally {
      await look.call('CLIENT', 'UNPAUSE');
    }
    expect(failure).toBeInstanceOf(RedisStoreError);
    expect((failure as RedisStoreError).operation).toBe('claim');
    expect((failure as Error).message).toMatch(/no answer within 100 ms/);
    expect(errors.map((e) => e.operation)).toEqual(['claim']);

    await waitFor('the late claim to be undone', () => events.includes('del'));
    expect(events).toEqual(['set', 'expire', 'del']);
    expect(await store.claim(key, LONG)).toBe('claimed');
    watcher.disconnect();
    await look.config('SET', 'notify-keyspace-events', '');
  });
});

describe('redisStore across client libraries', () => {
  it('an ioredis store and a node-redis store share claims and completions', async () => {
    const io = redisStore({ client: (await connectClient('ioredis', server.url)).client });
    const node = redisStore({ client: (await connectClient('node-redis', server.url)).client });
    const results: ClaimResult[] = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? io : node).claim('bluestone:shared', LONG)),
    );
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    const winner = results.indexOf('claimed') % 2 === 0 ? io : node;
    const other = winner === io ? node : io;
    await winner.complete('bluestone:shared', LONG);
    expect(await other.claim('bluestone:shared', LONG)).toBe('completed');
  });
});
