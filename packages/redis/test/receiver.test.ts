import { randomUUID } from 'node:crypto';
import type { AnyPimEvent } from '@pimhooks/core';
import { bluestoneBatch, sendDelivery, startRedisServer } from '@pimhooks/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, type ClientKind, closeAllClients } from './support/clients.js';
import { gate, type Instance, SECRET, startInstance } from './support/instances.js';

let server: Awaited<ReturnType<typeof startRedisServer>>;
const instances: Instance[] = [];
let timestamp = 1_700_000_000_000;

beforeAll(async () => {
  server = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.close()));
});

afterAll(async () => {
  await closeAllClients();
  await server?.stop();
});

/** Two receivers sharing one Redis, as two instances behind a load balancer. */
async function twoInstances(
  kind: ClientKind,
  handler: (event: AnyPimEvent, instance: string) => unknown,
): Promise<[Instance, Instance]> {
  // One prefix per test: the documented examples give the same event ids in every test.
  const keyPrefix = `test-${randomUUID()}:`;
  const [a, b] = await Promise.all(
    ['A', 'B'].map((name) =>
      startInstance({ name, kind, redisUrl: server.url, handler, store: { keyPrefix } }),
    ),
  );
  instances.push(a!, b!);
  return [a!, b!];
}

function countBy(list: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of list) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

describe.each(CLIENT_KINDS)('two receivers sharing Redis through %s', (kind) => {
  it('a delivery sent to both while the first runs it: the second answers 503 in flight, then duplicate', async () => {
    const hold = gate();
    const entered = gate();
    const handled: string[] = [];
    const [a, b] = await twoInstances(kind, async (event, instance) => {
      handled.push(`${instance}:${event.id}`);
      entered.open();
      await hold.opened;
    });
    const delivery = bluestoneBatch(['PRODUCT_CREATED'], SECRET, { timestamp: timestamp++ });

    const first = sendDelivery(a.baseUrl, delivery);
    await entered.opened;
    const second = await sendDelivery(b.baseUrl, delivery);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('60');
    expect(JSON.parse(second.body)).toEqual({ ok: false, error: 'in_flight' });

    hold.open();
    const answer = await first;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, events: 1, duplicates: 0 });

    // The vendor's retry of the refused copy, to either instance, is a duplicate.
    for (const instance of [b, a]) {
      const retry = await sendDelivery(instance.baseUrl, delivery);
      expect(retry.status).toBe(200);
      expect(JSON.parse(retry.body)).toMatchObject({ ok: true, events: 1, duplicates: 1 });
    }
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatch(/^A:/);
  });

  it('copies of a batch sent concurrently to both instances: every event is handled exactly once', async () => {
    const handled: string[] = [];
    const [a, b] = await twoInstances(kind, async (event) => {
      handled.push(event.id);
      await new Promise((resolve) => setImmediate(resolve));
    });
    const types = ['PRODUCT_CREATED', 'PRODUCT_WATCH_ASSET', 'CATEGORY_CREATED', 'PRODUCT_WATCH_STATE'];
    const deliveries = Array.from({ length: 5 }, () =>
      bluestoneBatch(types, SECRET, { timestamp: timestamp++ }),
    );

    const answers = await Promise.all(
      deliveries.flatMap((delivery) =>
        Array.from({ length: 6 }, (_, copy) => sendDelivery((copy % 2 === 0 ? a : b).baseUrl, delivery)),
      ),
    );
    for (const answer of answers) {
      expect([200, 503]).toContain(answer.status);
      if (answer.status === 503) expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'in_flight' });
    }
    // Retry what was refused until every copy is acknowledged, as the vendor would.
    for (const delivery of deliveries) {
      for (const instance of [a, b]) {
        const retry = await sendDelivery(instance.baseUrl, delivery);
        expect(retry.status).toBe(200);
        expect(JSON.parse(retry.body)).toMatchObject({ events: 4, duplicates: 4 });
      }
    }
    const counts = countBy(handled);
    expect(counts.size).toBe(deliveries.length * types.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('a failing handler releases its claim, so the retry on the other instance is processed', async () => {
    const handled: string[] = [];
    const [a, b] = await twoInstances(kind, (event, instance) => {
      handled.push(`${instance}:${event.type}`);
      if (instance === 'A') throw new Error('downstream system refused the update');
    });
    const delivery = bluestoneBatch(['PRODUCT_CREATED'], SECRET, { timestamp: timestamp++ });

    const failed = await sendDelivery(a.baseUrl, delivery);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('60');
    expect(a.errors.map((e) => e.code)).toEqual(['handler_failed']);
    expect(a.store.trackedClaims).toBe(0);

    const retried = await sendDelivery(b.baseUrl, delivery);
    expect(retried.status).toBe(200);
    expect(JSON.parse(retried.body)).toMatchObject({ ok: true, events: 1, duplicates: 0 });
    expect(handled).toEqual(['A:PRODUCT_CREATED', 'B:PRODUCT_CREATED']);

    const again = await sendDelivery(a.baseUrl, delivery);
    expect(JSON.parse(again.body)).toMatchObject({ duplicates: 1 });
    expect(handled).toHaveLength(2);
  });
});
