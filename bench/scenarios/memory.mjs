// Scenario 4: memory stays bounded under a million distinct deliveries through the default store.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { meets } from '../lib/rows.mjs';

export const title = 'memory (default memory store)';

const CHILD = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));
const MB = 1024 * 1024;

export async function run({ settings, log }) {
  const { deliveries, samples } = settings.memory;
  const child = fork(CHILD, [String(deliveries), String(samples)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const result = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) =>
      reject(new Error(`memory child exited with code ${code}\n${stderr.trim()}`)),
    );
  });
  child.kill();
  const { curve } = result;
  for (const point of curve) {
    log(
      `  ${point.deliveries.toLocaleString('en-US')} deliveries: rss ${(point.rss / MB).toFixed(0)} MB, heapUsed ${(point.heapUsed / MB).toFixed(1)} MB, store ${point.storeSize}`,
    );
  }
  // Bounded: once the store is full (its default holds 100k keys), heap stops growing. Compare the
  // first sample taken with a full store to the last one.
  const full = curve.find((p) => p.storeSize !== null && p.storeSize >= 100_000) ?? curve[0];
  const last = curve[curve.length - 1];
  const peakRss = Math.max(...curve.map((p) => p.rss));
  const target = { max: 1.1 };
  const growth = last.heapUsed / full.heapUsed;
  const row = {
    scenario: title,
    subject: `heapUsed after ${last.deliveries.toLocaleString('en-US')}`,
    baseline: `after ${full.deliveries.toLocaleString('en-US')} (store full)`,
    unit: 'MB',
    subjectValue: last.heapUsed / MB,
    baselineValue: full.heapUsed / MB,
    ratio: growth,
    target,
    pass: meets(growth, target),
    note: `peak rss ${(peakRss / MB).toFixed(0)} MB`,
  };
  return { rows: [row], raw: { deliveries, seconds: result.seconds, curve } };
}
