import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHandler, createPimReceiver } from '@pimhooks/core';
import { sourcesFromEnv } from './sources.js';
import { storeFromEnv } from './store.js';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const quiet = process.env.QUIET === '1';

const sources = sourcesFromEnv(process.env);
if (sources.length === 0)
  console.error(
    'No source configured: set BLUESTONE_SECRET, BIZZKIT_SECRET, QUABLE_TOKEN, BRIGHTPEARL_KEY or AKENEO_SECRET.',
  );

const store = await storeFromEnv(process.env);

const receiver = createPimReceiver({
  sources,
  ...(store === undefined ? {} : { store }),
  onError: (error, context) =>
    console.error(`webhook ${error.code} (${context.source ?? 'no source'}): ${error.message}`),
});

// One line per handled event, for people and for scripts that read the output.
receiver.onAny((event) => {
  if (quiet) return;
  const { source, type, topic, id, entityIds } = event;
  console.log(JSON.stringify({ source, type, topic, id, entityIds }));
});

const webhooks = createNodeHandler(receiver, { path: '/webhooks' });

const server = createServer((req, res) => {
  webhooks(req, res, () => {
    if (req.url === '/health') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, sources: sources.map((s) => s.name) }));
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
});

server.listen(port, host, () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`listening on http://${host}:${actual}`);
});

function shutdown(): void {
  server.close();
  // Refuse new deliveries (the vendor retries), let running handlers finish, release the rest.
  void receiver.close({ timeoutMs: 10_000 }).then(() => process.exit(0));
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
