// Scenario 2: loopback HTTP throughput with autocannon. Each server runs in its own child process;
// every request carries a distinct signed delivery from a pre-built pool; subject and baseline
// runs alternate within each round, and the table holds the median of the per-round ratios.
import autocannon from 'autocannon';
import { deliveryPool } from '../lib/deliveries.mjs';
import { BenchUnavailable } from '../lib/packages.mjs';
import { comparisonRow, failedRow } from '../lib/rows.mjs';
import { startServer } from '../lib/servers.mjs';
import { median, roundOrder } from '../lib/stats.mjs';

export const title = 'loopback HTTP (autocannon)';
const CPU_TITLE = 'server CPU per request';

const CONNECTIONS = 16;
const BLUESTONE_PATH = '/webhooks/bluestone';

const SERVERS = {
  'node-hand': { label: 'hand-written node:http', path: BLUESTONE_PATH },
  'node-core': { label: 'core createNodeHandler', path: BLUESTONE_PATH },
  'node-octokit': { label: '@octokit/webhooks node middleware', path: '/webhooks/github', github: true },
  'express-hand': { label: 'hand-written Express 5', path: BLUESTONE_PATH },
  'express-adapter': { label: '@pimhooks/express', path: BLUESTONE_PATH },
  'koa-hand': { label: 'hand-written Koa 3', path: BLUESTONE_PATH },
  'koa-adapter': { label: '@pimhooks/koa', path: BLUESTONE_PATH },
  'nest-hand': { label: 'hand-written Nest controller', path: BLUESTONE_PATH },
  'nest-adapter': { label: '@pimhooks/nestjs', path: BLUESTONE_PATH },
};

const GROUPS = [
  {
    name: 'node:http',
    key: 'node',
    servers: ['node-hand', 'node-core', 'node-octokit'],
    comparisons: [
      { subject: 'node-core', baseline: 'node-octokit', target: { above: 1 } },
      { subject: 'node-core', baseline: 'node-hand' },
      { subject: 'node-octokit', baseline: 'node-hand' },
    ],
  },
  {
    name: 'Express 5',
    key: 'express',
    servers: ['express-hand', 'express-adapter'],
    comparisons: [{ subject: 'express-adapter', baseline: 'express-hand', target: { min: 0.9 } }],
  },
  {
    name: 'Koa 3',
    key: 'koa',
    servers: ['koa-hand', 'koa-adapter'],
    comparisons: [{ subject: 'koa-adapter', baseline: 'koa-hand', target: { min: 0.9 } }],
  },
  {
    name: 'NestJS',
    key: 'nestjs',
    servers: ['nest-hand', 'nest-adapter'],
    comparisons: [{ subject: 'nest-adapter', baseline: 'nest-hand', target: { min: 0.9 } }],
  },
];

/** The group keys `--http=` accepts. */
export const GROUP_KEYS = GROUPS.map((g) => g.key);

function headersFor(server, delivery, index) {
  if (SERVERS[server].github) {
    return {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': `bench-${index}`,
      'x-hub-signature-256': `sha256=${delivery.signature}`,
    };
  }
  return { 'content-type': 'application/json', 'x-bs-signature': delivery.signature };
}

/**
 * Send `amount` distinct deliveries to a server: requests per second, and the server's CPU time per
 * request (user + system, read over IPC before and after, outside the timed part). Throws if any
 * request failed.
 */
async function load(server, amount) {
  const { path } = SERVERS[server.kind];
  // autocannon builds one request per connection up front, plus one per request sent.
  const pool = deliveryPool(amount + CONNECTIONS * 2 + 64);
  let next = 0;
  let exhausted = false;
  let answered = 0;
  let end = 0n;
  const cpuBefore = (await server.stats()).cpuMicros;
  const start = process.hrtime.bigint();
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${path}`,
    connections: CONNECTIONS,
    amount,
    timeout: 20,
    // autocannon notices the end of an `amount` run on its sampling tick; time the run ourselves
    // (to the last answer) and keep the tick short so little idle time follows it.
    sampleInt: 100,
    requests: [
      {
        setupRequest(request) {
          let index = next++;
          if (index >= pool.length) {
            exhausted = true;
            index = pool.length - 1;
          }
          const delivery = pool[index];
          return {
            ...request,
            method: 'POST',
            path,
            headers: headersFor(server.kind, delivery, index),
            body: delivery.body,
          };
        },
        onResponse() {
          if (++answered === amount) end = process.hrtime.bigint();
        },
      },
    ],
  });
  const seconds = Number((end === 0n ? process.hrtime.bigint() : end) - start) / 1e9;
  const cpuPerRequest = ((await server.stats()).cpuMicros - cpuBefore) / amount;
  if (exhausted) throw new Error(`${server.kind}: the delivery pool ran out; duplicates were sent.`);
  const ok = result['2xx'];
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || ok !== amount) {
    throw new Error(
      `${server.kind}: ${ok} of ${amount} answered 2xx (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}).`,
    );
  }
  return { rate: amount / seconds, cpuPerRequest, ok };
}

async function runGroup(group, settings, log) {
  const servers = {};
  const sent = {};
  try {
    for (const kind of group.servers) {
      servers[kind] = await startServer(kind);
      sent[kind] = 0;
    }
    // Warm up until the JIT has settled (a short load, then one sized to last `warmupSeconds`),
    // then size each measured run to last about `secondsPerRun` at the warmed-up rate.
    const amounts = {};
    const sized = (rate, seconds) =>
      Math.max(CONNECTIONS * 50, Math.min(settings.maxRequestsPerRun, Math.round(rate * seconds)));
    for (const kind of group.servers) {
      let warm = await load(servers[kind], settings.warmupRequests);
      sent[kind] += warm.ok;
      warm = await load(servers[kind], sized(warm.rate, settings.warmupSeconds));
      sent[kind] += warm.ok;
      amounts[kind] = sized(warm.rate, settings.secondsPerRun);
    }
    const runs = Object.fromEntries(group.servers.map((kind) => [kind, []]));
    const cpu = Object.fromEntries(group.servers.map((kind) => [kind, []]));
    for (let round = 0; round < settings.rounds; round++) {
      for (const kind of roundOrder(group.servers, round)) {
        const { rate, cpuPerRequest, ok } = await load(servers[kind], amounts[kind]);
        sent[kind] += ok;
        runs[kind].push(rate);
        cpu[kind].push(cpuPerRequest);
      }
      log(
        `  ${group.name} round ${round + 1}/${settings.rounds}: ${group.servers.map((k) => `${k} ${Math.round(runs[k][round])}/s`).join(', ')}`,
      );
    }
    // Every 2xx must have run the handlers: no silent duplicate short-cut, no skipped verification.
    for (const kind of group.servers) {
      const { handled } = await servers[kind].stats();
      if (handled !== sent[kind]) {
        throw new Error(`${kind}: ${sent[kind]} deliveries answered 2xx but handlers saw ${handled} events.`);
      }
    }
    return { runs, cpu, amounts };
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
}

export async function run({ settings, log }) {
  const rows = [];
  const raw = {};
  const cpuRows = [];
  for (const group of GROUPS.filter((g) => settings.http.groups.includes(g.key))) {
    log(`http: ${group.name}`);
    let measured;
    try {
      measured = await runGroup(group, settings.http, log);
    } catch (error) {
      if (!(error instanceof BenchUnavailable)) log(String(error?.stack ?? error));
      for (const c of group.comparisons) {
        rows.push(failedRow(title, `${SERVERS[c.subject].label} vs ${SERVERS[c.baseline].label}`, error));
      }
      raw[group.name] = { error: error instanceof Error ? error.message : String(error) };
      continue;
    }
    raw[group.name] = {
      requestsPerRun: measured.amounts,
      requestsPerSecond: measured.runs,
      medians: Object.fromEntries(Object.entries(measured.runs).map(([k, v]) => [k, median(v)])),
      serverCpuMicrosPerRequest: measured.cpu,
    };
    for (const c of group.comparisons) {
      const row = (scenario, unit, figures, target) =>
        comparisonRow({
          scenario,
          subject: SERVERS[c.subject].label,
          baseline: SERVERS[c.baseline].label,
          unit,
          subjectRuns: figures[c.subject],
          baselineRuns: figures[c.baseline],
          target,
        });
      rows.push(row(title, 'req/s', measured.runs, c.target));
      // The CPU the server spent per request, from the same runs: steadier than throughput on a
      // shared machine, and free of the load generator's share. Information, not a target.
      cpuRows.push(row(CPU_TITLE, 'µs/req', measured.cpu, undefined));
    }
  }
  return { rows: [...rows, ...cpuRows], raw: { connections: CONNECTIONS, groups: raw } };
}
