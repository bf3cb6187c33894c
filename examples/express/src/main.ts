import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createPimReceiver } from '@pimhooks/core';
import { createApp } from './app.js';
import { sourcesFromEnv } from './sources.js';
import { storeFromEnv } from './store.js';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const quiet = process.env.QUIET === '1';

const sources = sourcesFromEnv(process.env);
if (sources.length === 0) {
  console.error(
    'No source configured: set BLUESTONE_SECRET, BIZZKIT_SECRET, QUABLE_TOKEN, BRIGHTPEARL_KEY or AKENEO_SECRET.',
  );
}

const store = await storeFromEnv(process.env);

const receiver = createPimReceiver({
  sources,
  ...(store === undefined ? {} : { store }),
  // One line per refused delivery or failed handler, on stderr (instead of the default logger's).
  logger: false,
  onError: (error, context) => {
    const about = context.event === undefined ? '' : ` event ${context.event.type} ${context.event.id}`;
    console.error(`webhook ${error.code} (${context.source ?? 'no source'})${about}: ${error.message}`);
  },
});

// One JSON line per handled event on stdout, for people and for scripts that read the output.
if (!quiet) {
  receiver.onAny((event) => {
    const { source, type, topic, id, entityIds } = event;
    console.log(JSON.stringify({ source, type, topic, id, entityIds }));
  });
}

const app = createApp(
  receiver,
  sources.map((source) => source.name),
);
const server = app.listen(port, host, () => {
  // With PORT=0 the system picks the port: print the real one.
  const { port: actual } = server.address() as AddressInfo;
  console.log(`listening on http://${host}:${actual}`);
});

async function shutdown(): Promise<void> {
  // Stop taking connections; idle keep-alive ones are closed, busy ones finish their request.
  const closed = once(server, 'close');
  server.close();
  server.closeIdleConnections();
  await closed;
  // Let running handlers finish (drain), for up to 10 s: deliveries arriving meanwhile are refused
  // with 503 and retried by the vendor, and the claims of handlers still running then are released.
  await receiver.close({ timeoutMs: 10_000 });
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
