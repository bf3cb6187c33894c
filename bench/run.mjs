// `pnpm bench`: measures pimhooks side by side against hand-written receivers and @octokit/webhooks,
// prints one table and writes bench/results.json. Options:
//   --only=in-process,http,batch,memory,redis   run some scenarios only
//   --quick                                     fewer rounds and shorter runs (a smoke run)
//   --rounds=N                                  rounds per comparison (default 5; HTTP runs 8 times as many, shorter)
//   --http=node,express,koa,nestjs              some HTTP groups only
import { writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { failedRow } from './lib/rows.mjs';
import { renderTable } from './lib/table.mjs';
import { GROUP_KEYS } from './scenarios/http.mjs';

const SCENARIOS = ['in-process', 'http', 'batch', 'memory', 'redis'];

function parseArgs(argv) {
  const options = { only: SCENARIOS, quick: false, rounds: undefined, http: GROUP_KEYS };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg.startsWith('--only=')) options.only = arg.slice(7).split(',').filter(Boolean);
    else if (arg.startsWith('--rounds=')) options.rounds = Number(arg.slice(9));
    else if (arg.startsWith('--http=')) options.http = arg.slice(7).split(',').filter(Boolean);
    else {
      throw new Error(
        `Unknown option ${arg}. Options: --only=${SCENARIOS.join(',')} --http=${GROUP_KEYS.join(',')} --quick --rounds=N`,
      );
    }
  }
  for (const name of options.only) {
    if (!SCENARIOS.includes(name))
      throw new Error(`Unknown scenario "${name}". Known: ${SCENARIOS.join(', ')}`);
  }
  for (const name of options.http) {
    if (!GROUP_KEYS.includes(name))
      throw new Error(`Unknown HTTP group "${name}". Known: ${GROUP_KEYS.join(', ')}`);
  }
  if (options.rounds !== undefined && !(Number.isInteger(options.rounds) && options.rounds > 0)) {
    throw new Error('--rounds takes a positive integer.');
  }
  return options;
}

function settingsFor({ quick, rounds, http }) {
  const r = rounds ?? (quick ? 3 : 5);
  return {
    rounds: r,
    inProcess: { deliveries: quick ? 5_000 : 20_000, warmup: quick ? 2_000 : 5_000, rounds: r },
    http: {
      groups: http,
      // Short runs, many of them: the machine's slow spells last seconds, and a ratio taken from two
      // runs moments apart is far less exposed to one than runs of several seconds each.
      rounds: r * 8,
      warmupRequests: 2_000,
      warmupSeconds: quick ? 1 : 2,
      secondsPerRun: 0.5,
      maxRequestsPerRun: 60_000,
    },
    batch: { eventsPerRun: quick ? 5_000 : 20_000, rounds: r },
    memory: { deliveries: quick ? 300_000 : 1_000_000, samples: 10 },
    redis: { operations: quick ? 5_000 : 20_000, concurrency: 32, rounds: r },
  };
}

function machine() {
  const list = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${platform()} ${release()} ${arch()}`,
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    totalMemoryMB: Math.round(totalmem() / 1024 / 1024),
    loadAverageAtStart: loadavg(),
  };
}

const options = parseArgs(process.argv.slice(2));
const settings = settingsFor(options);
const log = (line) => console.log(line);
const started = new Date();
const info = machine();
log(
  `pimhooks bench: node ${info.node}, ${info.cpus} x ${info.cpuModel}, load ${info.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}`,
);
log(`rounds ${settings.rounds}${options.quick ? ' (quick)' : ''}; ratios are medians of per-round ratios.\n`);

const rows = [];
const raw = {};
for (const name of options.only) {
  const scenario = await import(`./scenarios/${name}.mjs`);
  log(`${scenario.title}`);
  const t0 = Date.now();
  try {
    const result = await scenario.run({ settings, log });
    rows.push(...result.rows);
    raw[name] = { ...result.raw, seconds: (Date.now() - t0) / 1000 };
  } catch (error) {
    log(String(error?.stack ?? error));
    rows.push(failedRow(scenario.title, '(whole scenario)', error));
    raw[name] = { error: error instanceof Error ? error.message : String(error) };
  }
  log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
}

const notRun = rows.filter((r) => r.error !== undefined).length;
const table = renderTable(rows);
log(table);
const missed = rows.filter((r) => r.pass === false && r.error === undefined);
log(
  `\n${missed.length === 0 ? 'Every target met.' : `${missed.length} target(s) missed.`}${notRun > 0 ? ` ${notRun} comparison(s) could not run.` : ''}`,
);

const results = {
  startedAt: started.toISOString(),
  seconds: (Date.now() - started.getTime()) / 1000,
  machine: { ...info, loadAverageAtEnd: loadavg() },
  settings,
  rows,
  raw,
  table,
};
const out = fileURLToPath(new URL('./results.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
log(`Raw figures: ${out}`);
if (notRun > 0) process.exitCode = 1;
