import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AnyPimEvent,
  bluestone,
  createNodeHandler,
  createPimReceiver,
  type PimReceiver,
  type PimWebhookError,
} from '@pimhooks/core';
import { type RedisStore, type RedisStoreOptions, redisStore } from '../../src/index.js';
import { type ClientKind, type ClientSettings, connectClient, type TestClient } from './clients.js';

export const SECRET = 'redis-store-test-secret';

/** One receiver "instance": its own Redis client and store, behind a real HTTP server. */
export interface Instance {
  readonly name: string;
  readonly client: TestClient;
  readonly store: RedisStore;
  readonly receiver: PimReceiver;
  /** `http://127.0.0.1:<port>/webhooks`, for `sendDelivery`. */
  readonly baseUrl: string;
  /** Errors reported to the receiver's `onError`. */
  readonly errors: PimWebhookError[];
  close(): Promise<void>;
}

export interface InstanceOptions {
  readonly name: string;
  readonly kind: ClientKind;
  readonly redisUrl: string;
  readonly handler: (event: AnyPimEvent, instance: string) => unknown;
  readonly store?: Omit<RedisStoreOptions, 'client'>;
  readonly clientSettings?: ClientSettings;
}

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const client = await connectClient(options.kind, options.redisUrl, options.clientSettings);
  const store = redisStore({ client: client.client, ...options.store });
  const errors: PimWebhookError[] = [];
  const receiver = createPimReceiver({
    sources: [bluestone({ secret: SECRET })],
    store,
    logger: false,
    onError: (error) => {
      errors.push(error);
    },
  });
  receiver.onAny((event) => options.handler(event, options.name));
  const server: Server = createServer(createNodeHandler(receiver));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: options.name,
    client,
    store,
    receiver,
    baseUrl: `http://127.0.0.1:${port}/webhooks`,
    errors,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.close();
    },
  };
}

/** A promise to open later: holds handlers inside their run. */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
