import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClientLike } from '../../src/index.js';

/** The two client libraries the store supports. */
export const CLIENT_KINDS = ['ioredis', 'node-redis'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** A real client of one library, with what the tests need to watch its connection. */
export interface TestClient {
  readonly kind: ClientKind;
  readonly client: RedisClientLike;
  /** Whether the client says it is connected and ready. */
  isReady(): boolean;
  close(): Promise<void>;
}

/** Client settings: `recommended` (README) or the library's `defaults`. */
export type ClientSettings = 'recommended' | 'defaults';

const clients = new Set<TestClient>();

/** Connect a client of `kind` to `url`. */
export async function connectClient(
  kind: ClientKind,
  url: string,
  settings: ClientSettings = 'recommended',
): Promise<TestClient> {
  let test: TestClient;
  if (kind === 'ioredis') {
    const redis = new Redis(url, {
      lazyConnect: true,
      ...(settings === 'recommended' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : {}),
    });
    // Without a listener ioredis prints every reconnect failure of the outage tests.
    redis.on('error', () => {});
    await redis.connect();
    test = {
      kind,
      client: redis,
      isReady: () => redis.status === 'ready',
      close: async () => {
        redis.disconnect();
      },
    };
  } else {
    const redis = createClient({ url, ...(settings === 'recommended' ? { disableOfflineQueue: true } : {}) });
    // node-redis throws an unhandled 'error' event when Redis goes away; the README says to listen.
    redis.on('error', () => {});
    await redis.connect();
    test = {
      kind,
      client: redis,
      isReady: () => redis.isReady,
      close: async () => {
        if (redis.isOpen) redis.destroy();
      },
    };
  }
  clients.add(test);
  return test;
}

/** Close every client connected by `connectClient` (for `afterAll`). */
export async function closeAllClients(): Promise<void> {
  await Promise.all([...clients].map((c) => c.close()));
  clients.clear();
}

/** Wait until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A plain ioredis client for looking at keys directly, apart from the clients under test. */
export async function inspector(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await redis.connect();
  return redis;
}
