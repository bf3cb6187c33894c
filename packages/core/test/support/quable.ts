import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createNodeHandler,
  createPimReceiver,
  type PimLogger,
  type PimReceiver,
  type PimReceiverOptions,
  type PimWebhookError,
  type QuableOptions,
  quable,
} from '../../src/index.js';

export { deliverTo, sendDelivery } from '../../../testing/src/delivery.js';
export { quableExamples, quableSeedExample } from '../../../testing/src/fixtures/quable.js';
// Core cannot depend on @pimhooks/testing (that package depends on core): its Quable helpers are
// read from source. They import only types from core, so nothing of core is loaded twice.
export { quableDelivery, quableNotification } from '../../../testing/src/quable.js';

export const TOKEN = 'quable-static-token-9f2c41d7';

/** Everything written to a logger, one line each. */
export class LineLogger implements PimLogger {
  readonly lines: string[] = [];
  warn(message: string, details?: Record<string, unknown>): void {
    this.lines.push(`warn ${message} ${JSON.stringify(details ?? {})}`);
  }
  error(message: string, details?: Record<string, unknown>): void {
    this.lines.push(`error ${message} ${JSON.stringify(details ?? {})}`);
  }
}

/** A receiver with a Quable source (token configured unless overridden), its log and reported errors. */
export function setupQuable(
  options: QuableOptions = { token: TOKEN },
  receiverOptions: Partial<PimReceiverOptions> = {},
) {
  const logger = new LineLogger();
  const errors: PimWebhookError[] = [];
  const receiver = createPimReceiver({
    sources: [quable({ logger, ...options })],
    logger,
    onError: (error) => {
      errors.push(error);
    },
    ...receiverOptions,
  });
  return { receiver, logger, errors };
}

/** Serve a receiver on a real node:http server on port 0; returns the mount URL and a closer. */
export async function serve(receiver: PimReceiver): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(createNodeHandler(receiver));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
