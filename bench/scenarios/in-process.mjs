// Scenario 1: one signed delivery in-process, no HTTP. core's `receiver.handle` against the
// hand-written minimum and against @octokit/webhooks' `verifyAndReceive` on the same bytes.
import { Webhooks } from '@octokit/webhooks';
import { deliveryPool, SECRET } from '../lib/deliveries.mjs';
import { importBuilt } from '../lib/packages.mjs';
import { comparisonRow } from '../lib/rows.mjs';
import { median, roundOrder, secondsSince } from '../lib/stats.mjs';
import { handWritten } from '../servers/hand-verify.mjs';

export const title = 'in-process, 1 delivery';

async function subjects() {
  const { bluestone, createPimReceiver } = await importBuilt('@pimhooks/core');
  const receiver = createPimReceiver({ sources: [bluestone({ secret: SECRET })], logger: false });
  let coreHandled = 0;
  receiver.on('bluestone:*', () => {
    coreHandled++;
  });
  const hand = handWritten(SECRET);
  const webhooks = new Webhooks({ secret: SECRET });
  let octokitHandled = 0;
  webhooks.onAny(() => {
    octokitHandled++;
  });
  return {
    core: {
      label: 'core receiver.handle',
      handled: () => coreHandled,
      async run(d) {
        const answer = await receiver.handle({
          source: 'bluestone',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-bs-signature': d.signature },
          body: d.body,
        });
        if (answer.status !== 200) throw new Error(`core answered ${answer.status}: ${answer.body}`);
      },
    },
    hand: {
      label: 'hand-written minimum',
      handled: hand.handled,
      // async like any real receiver, so each side pays the same promise per delivery
      async run(d) {
        if (hand.verify(d.body, d.signature) < 0) throw new Error('hand-written: bad signature');
      },
    },
    octokit: {
      label: '@octokit/webhooks verifyAndReceive',
      handled: () => octokitHandled,
      async run(d, index) {
        await webhooks.verifyAndReceive({
          id: `bench-${index}`,
          name: 'push',
          payload: d.body.toString('utf8'),
          signature: `sha256=${d.signature}`,
        });
      },
    },
  };
}

async function timeRun(subject, count) {
  const pool = deliveryPool(count);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await subject.run(pool[i], i);
  return count / secondsSince(start);
}

export async function run({ settings, log }) {
  const { deliveries, warmup, rounds } = settings.inProcess;
  const all = await subjects();
  const names = Object.keys(all);
  for (const name of names) await timeRun(all[name], warmup);
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of roundOrder(names, round)) runs[name].push(await timeRun(all[name], deliveries));
    log(
      `  round ${round + 1}/${rounds}: ${names.map((n) => `${n} ${Math.round(runs[n][round])}/s`).join(', ')}`,
    );
  }
  const expected = warmup + rounds * deliveries;
  for (const name of names) {
    if (all[name].handled() !== expected) {
      throw new Error(`${all[name].label}: handlers saw ${all[name].handled()} of ${expected} events.`);
    }
  }
  const row = (subject, baseline, target) =>
    comparisonRow({
      scenario: title,
      subject: all[subject].label,
      baseline: all[baseline].label,
      unit: 'ops/s',
      subjectRuns: runs[subject],
      baselineRuns: runs[baseline],
      target,
    });
  return {
    rows: [row('core', 'hand'), row('core', 'octokit')],
    raw: {
      deliveriesPerRun: deliveries,
      opsPerSecond: runs,
      medians: Object.fromEntries(names.map((n) => [n, median(runs[n])])),
    },
  };
}
