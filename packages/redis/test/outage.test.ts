import { randomUUID } from 'node:crypto';
import { bluestoneBatch, sendDelivery, startRedisServer } from '@pimhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisStoreError, redisStore } from '../src/index.js';
import { CLIENT_KINDS, closeAllClients, connectClient, waitFor } from './support/clients.js';
import { type Instance, SECRET, startInstance } from './support/instances.js';

let server: Awaited<ReturnType<typeof startRedisServer>>;
let timestamp = 1_710_000_000_000;

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await closeAllClients();
  await server?.stop();
});

async function outage(instances: readonly Instance[]): Promise<void> {
  await server.kill();
  await waitFor('the clients to notice the outage', () => instances.every((i) => !i.client.isReady()));
}

async function recovery(instances: readonly Instance[]): Promise<void> {
  await server.restart();
  await waitFor('the clients to reconnect', () => instances.every((i) => i.client.isReady()), 20_000);
}

describe.each(CLIENT_KINDS)('Redis outage with %s', (kind) => {
  it('fail-closed: refuses with 503 + Retry-After without calling handlers, and recovers by itself', async () => {
    const handled: string[] = [];
    const keyPrefix = `outage-${randomUUID()}:`;
    // One instance with the README's client settings, one with the library's defaults (offline queue on).
    const instances = await Promise.all(
      (['recommended', 'defaults'] as const).map((clientSettings) =>
        startInstance({
          name: clientSettings,
          kind,
          redisUrl: server.url,
          clientSettings,
          store: { keyPrefix },
          handler: (event, instance) => {
            handled.push(`${instance}:${event.id}`);
          },
        }),
      ),
    );
    try {
      const before = bluestoneBatch(['PRODUCT_CREATED'], SECRET, { timestamp: timestamp++ });
      expect((await sendDelivery(instances[0]!.baseUrl, before)).status).toBe(200);
      expect(handled).toHaveLength(1);

      await outage(instances);
      const during = bluestoneBatch(['PRODUCT_CREATED', 'CATEGORY_CREATED'], SECRET, {
        timestamp: timestamp++,
      });
      for (const instance of instances) {
        const answer = await sendDelivery(instance.baseUrl, during);
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('60');
        expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'store_unavailable' });
        expect(instance.errors.map((e) => e.code)).toEqual(['store_unavailable']);
        expect(instance.errors[0]?.cause).toMatchObject({ name: 'RedisStoreError', operation: 'claim' });
      }
      expect(handled).toHaveLength(1);

      await recovery(instances);
      // The vendor retries the refused delivery: handled once, whichever instance gets the copies.
      const answers = await Promise.all(instances.map((i) => sendDelivery(i.baseUrl, during)));
      for (const answer of answers) expect([200, 503]).toContain(answer.status);
      for (const instance of instances) {
        const retry = await sendDelivery(instance.baseUrl, during);
        expect(retry.status).toBe(200);
        expect(JSON.parse(retry.body)).toMatchObject({ events: 2, duplicates: 2 });
      }
      expect(handled).toHaveLength(3);
      expect(new Set(handled.map((h) => h.split(':')[1])).size).toBe(3);
    } finally {
      await Promise.all(instances.map((i) => i.close()));
    }
  });

  it('a store call during the outage fails at once with a RedisStoreError, whatever the client settings', async () => {
    const clients = await Promise.all(
      (['recommended', 'defaults'] as const).map((settings) => connectClient(kind, server.url, settings)),
    );
    const stores = clients.map((c) => redisStore({ client: c.client, commandTimeoutMs: 60_000 }));
    try {
      expect(await stores[0]!.claim(`bluestone:${randomUUID()}`, 60_000)).toBe('claimed');
      await server.kill();
      await waitFor('the clients to notice the outage', () => clients.every((c) => !c.isReady()));
      for (const store of stores) {
        // With a 60 s command timeout, only the disconnected-client check can end this before the test times out.
        const failure = await store.claim(`bluestone:${randomUUID()}`, 60_000).catch((e: unknown) => e);
        expect(failure).toMatchObject({ name: 'RedisStoreError', operation: 'claim' });
        expect((failure as Error).message).toMatch(/not connected/);
      }
    } finally {
      await server.restart();
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('fail-open: handles during the outage (without deduplication) and reports every failed command', async () => {
    const handled: string[] = [];
    const storeErrors: RedisStoreError[] = [];
    const instance = await startInstance({
      name: 'open',
      kind,
      redisUrl: server.url,
      store: { onUnavailable: 'fail-open', onError: (e) => storeErrors.push(e) },
      handler: (event) => {
        handled.push(event.type);
        if (event.type === 'CATEGORY_CREATED') throw new Error('handler failed');
      },
    });
    try {
      await outage([instance]);
      const ok = bluestoneBatch(['PRODUCT_CREATED'], SECRET, { timestamp: timestamp++ });
      const answer = await sendDelivery(instance.baseUrl, ok);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: true, events: 1, duplicates: 0 });
      // No record could be written: the vendor's retry is handled again. That is the documented risk.
      expect((await sendDelivery(instance.baseUrl, ok)).status).toBe(200);
      expect(handled).toEqual(['PRODUCT_CREATED', 'PRODUCT_CREATED']);

      const failing = bluestoneBatch(['CATEGORY_CREATED'], SECRET, { timestamp: timestamp++ });
      expect((await sendDelivery(instance.baseUrl, failing)).status).toBe(503);
      expect(storeErrors.map((e) => e.operation)).toEqual([
        'claim',
        'complete',
        'claim',
        'complete',
        'claim',
        'release',
      ]);
      // Best effort: the receiver saw no store failure, only the handler's.
      expect(instance.errors.map((e) => e.code)).toEqual(['handler_failed']);

      await recovery([instance]);
      expect((await sendDelivery(instance.baseUrl, ok)).status).toBe(200);
      expect((await sendDelivery(instance.baseUrl, ok)).body).toMatch(/"duplicates":1/);
      expect(handled).toHaveLength(4);
    } finally {
      await instance.close();
    }
  });
});
