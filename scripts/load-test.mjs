// pnpm test:load: two instances of the node:http example sharing one Redis receive tens of thousands of
// signed Bluestone deliveries, many of them sent several times and at once to both instances (as a
// vendor's retries and a load balancer produce). Passes when every distinct event was handled exactly
// once and every answer was one the policy allows. Loopback only, bounded in count and time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bluestoneBatch, startApp, startRedisServer } from '@pimhooks/testing';

const DISTINCT = Number(process.env.LOAD_DELIVERIES ?? 16_000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 64);
const TIME_LIMIT_MS = 180_000;
const SECRET = 'load-test-secret';
const TYPES = [
  'PRODUCT_CREATED',
  'PRODUCT_WATCH_CATEGORY',
  'CATEGORY_REMOVED',
  'PRODUCT_WATCH_METADATA_NAME',
];

const main = fileURLToPath(new URL('../examples/node-http/dist/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('examples/node-http is not built: run `pnpm build` first.');
  process.exit(1);
}
const stopAt = Date.now() + TIME_LIMIT_MS;
const limit = setTimeout(() => {
  console.error(`load test: over its ${TIME_LIMIT_MS / 1000} s limit, stopping.`);
  process.exit(1);
}, TIME_LIMIT_MS + 30_000);
limit.unref();

const redis = await startRedisServer();
const apps = await Promise.all(
  [0, 1].map(() => startApp({ main, env: { BLUESTONE_SECRET: SECRET, REDIS_URL: redis.url } })),
);

// Distinct deliveries of 1 to 4 events each; then the sending plan: every delivery once, a third of
// them again at once on the other instance, and a quarter again later (a retry).
const deliveries = Array.from({ length: DISTINCT }, (_, i) =>
  bluestoneBatch(TYPES.slice(0, 1 + (i % TYPES.length)), SECRET, { timestamp: 1_700_000_000_000 + i }),
);
const expectedEvents = deliveries.reduce((n, d) => n + JSON.parse(d.body).events.length, 0);
const plan = [];
deliveries.forEach((delivery, i) => {
  plan.push({ delivery, app: i % 2 });
  if (i % 3 === 0) plan.push({ delivery, app: (i + 1) % 2 });
});
deliveries.forEach((delivery, i) => {
  if (i % 4 === 0) plan.push({ delivery, app: i % 2 });
});

const counts = { sent: 0, ok: 0, retried: 0, unexpected: 0 };
const unexpected = new Map();
async function send({ delivery, app }) {
  // A 503 means another instance holds the event right now: retry it, as a vendor would.
  for (let attempt = 0; ; attempt++) {
    counts.sent++;
    const response = await fetch(`${apps[(app + attempt) % 2].origin}/webhooks/bluestone`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    await response.arrayBuffer();
    if (response.status === 200) {
      counts.ok++;
      return;
    }
    if (response.status === 503 && attempt < 50 && Date.now() < stopAt) {
      counts.retried++;
      await new Promise((r) => setTimeout(r, 5 + attempt * 5));
      continue;
    }
    counts.unexpected++;
    unexpected.set(response.status, (unexpected.get(response.status) ?? 0) + 1);
    return;
  }
}

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < plan.length && Date.now() < stopAt) await send(plan[next++]);
  }),
);
const seconds = (performance.now() - started) / 1000;

// Every handled event is one JSON line on an instance's stdout.
const settle = Date.now() + 10_000;
const handledLines = () => apps[0].events().length + apps[1].events().length;
while (handledLines() < expectedEvents && Date.now() < settle) await new Promise((r) => setTimeout(r, 50));
const ids = apps.flatMap((app) => app.events().map((e) => e.id));
const distinctHandled = new Set(ids).size;
const handledTwice = ids.length - distinctHandled;
const lost = expectedEvents - distinctHandled;

await Promise.all(apps.map((app) => app.stop()));
await redis.stop();

const figures = {
  deliveries: plan.length,
  'distinct deliveries': DISTINCT,
  'duplicate deliveries': plan.length - DISTINCT,
  'retried after 503': counts.retried,
  requests: counts.sent,
  'requests/s': Math.round(counts.sent / seconds),
  'distinct events': expectedEvents,
  handled: distinctHandled,
  'handled twice': handledTwice,
  lost,
  'unexpected answers': counts.unexpected,
  'by instance': `${apps[0].events().length} + ${apps[1].events().length}`,
  seconds: Number(seconds.toFixed(1)),
};
console.log('\npimhooks load test: two node:http instances sharing one Redis\n');
for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(22)} ${value}`);
const passed = next >= plan.length && lost === 0 && handledTwice === 0 && counts.unexpected === 0;
if (unexpected.size > 0) console.log('unexpected statuses', Object.fromEntries(unexpected));
console.log(passed ? '\n1 passed, 0 failed' : '\n0 passed, 1 failed');
process.exit(passed ? 0 : 1);
