// Scenario 3: cost per event as a delivery grows from 1 to 1000 events (through receiver.handle).
// The same number of events goes through at each size, sizes interleaved round by round.
import { SECRET, signedDelivery } from '../lib/deliveries.mjs';
import { importBuilt } from '../lib/packages.mjs';
import { comparisonRow } from '../lib/rows.mjs';
import { median, roundOrder, secondsSince } from '../lib/stats.mjs';

export const title = 'batch scaling (receiver.handle)';

const SIZES = [1, 10, 100, 1000];

export async function run({ settings, log }) {
  const { bluestone, createPimReceiver } = await importBuilt('@pimhooks/core');
  const { eventsPerRun, rounds } = settings.batch;
  const receiver = createPimReceiver({ sources: [bluestone({ secret: SECRET })], logger: false });
  let handled = 0;
  receiver.on('bluestone:*', () => {
    handled++;
  });

  async function microsPerEvent(size, events) {
    const pool = [];
    for (let i = 0; i < Math.max(1, Math.round(events / size)); i++) pool.push(signedDelivery(size));
    const expected = handled + pool.length * size;
    const start = process.hrtime.bigint();
    for (const d of pool) {
      const answer = await receiver.handle({
        source: 'bluestone',
        method: 'POST',
        headers: { 'x-bs-signature': d.signature },
        body: d.body,
      });
      if (answer.status !== 200)
        throw new Error(`batch of ${size}: answered ${answer.status} ${answer.body}`);
    }
    const seconds = secondsSince(start);
    if (handled !== expected)
      throw new Error(`batch of ${size}: handlers saw ${handled}, expected ${expected}.`);
    return (seconds * 1e6) / (pool.length * size);
  }

  for (const size of SIZES) await microsPerEvent(size, Math.max(size, eventsPerRun / 4));
  const runs = Object.fromEntries(SIZES.map((s) => [s, []]));
  for (let round = 0; round < rounds; round++) {
    for (const size of roundOrder(SIZES, round)) runs[size].push(await microsPerEvent(size, eventsPerRun));
    log(
      `  round ${round + 1}/${rounds}: ${SIZES.map((s) => `${s}: ${runs[s][round].toFixed(1)} µs/event`).join(', ')}`,
    );
  }
  const row = (size, target) =>
    comparisonRow({
      scenario: title,
      subject: `${size} events/delivery`,
      baseline: '10 events/delivery',
      unit: 'µs/event',
      subjectRuns: runs[size],
      baselineRuns: runs[10],
      target,
    });
  return {
    rows: [row(1), row(100, { max: 1.25 }), row(1000, { max: 1.25 })],
    raw: {
      eventsPerRun,
      microsPerEvent: runs,
      medians: Object.fromEntries(SIZES.map((s) => [s, median(runs[s])])),
    },
  };
}
