// Scenario 5: @pimhooks/redis claim/complete against the plain commands a hand-written receiver
// would send (SET NX PX to claim, SET PX to mark done), on one redis-server, same client settings.
import { Redis } from 'ioredis';
import { importBuilt } from '../lib/packages.mjs';
import { startRedisServer } from '../lib/redis-server.mjs';
import { comparisonRow } from '../lib/rows.mjs';
import { median, roundOrder, secondsSince } from '../lib/stats.mjs';

export const title = 'redis store (ioredis)';

const LEASE_MS = 300_000;
const TTL_MS = 259_200_000;

export async function run({ settings, log }) {
  const { redisStore } = await importBuilt('@pimhooks/redis');
  const { operations, concurrency, rounds } = settings.redis;
  const server = await startRedisServer();
  const client = new Redis(server.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const store = redisStore({ client, keyPrefix: 'bench:store:' });
    let keySeq = 0;
    // Each op gets a fresh key, so every claim is a first claim (the case that does the most work).
    const subjects = {
      storeClaim: async () => {
        const result = await store.claim(`k${keySeq++}`, LEASE_MS);
        if (result !== 'claimed') throw new Error(`claim answered ${result}`);
      },
      setNx: async () => {
        const result = await client.set(`bench:plain:k${keySeq++}`, 'in_flight', 'PX', LEASE_MS, 'NX');
        if (result !== 'OK') throw new Error(`SET NX answered ${result}`);
      },
      storeClaimComplete: async () => {
        const key = `k${keySeq++}`;
        if ((await store.claim(key, LEASE_MS)) !== 'claimed') throw new Error('claim failed');
        await store.complete(key, TTL_MS);
      },
      setNxThenSet: async () => {
        const key = `bench:plain:k${keySeq++}`;
        if ((await client.set(key, 'in_flight', 'PX', LEASE_MS, 'NX')) !== 'OK')
          throw new Error('SET NX failed');
        await client.set(key, 'done', 'PX', TTL_MS);
      },
    };
    async function rate(fn, count) {
      let started = 0;
      const worker = async () => {
        while (started < count) {
          started++;
          await fn();
        }
      };
      const start = process.hrtime.bigint();
      await Promise.all(Array.from({ length: concurrency }, worker));
      return count / secondsSince(start);
    }
    const names = Object.keys(subjects);
    for (const name of names) await rate(subjects[name], Math.round(operations / 4));
    const runs = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      for (const name of roundOrder(names, round)) runs[name].push(await rate(subjects[name], operations));
      log(
        `  round ${round + 1}/${rounds}: ${names.map((n) => `${n} ${Math.round(runs[n][round])}/s`).join(', ')}`,
      );
    }
    const row = (subject, baseline, subjectLabel, baselineLabel) =>
      comparisonRow({
        scenario: title,
        subject: subjectLabel,
        baseline: baselineLabel,
        unit: 'ops/s',
        subjectRuns: runs[subject],
        baselineRuns: runs[baseline],
      });
    return {
      rows: [
        row('storeClaim', 'setNx', 'redisStore claim', 'SET NX PX'),
        row('storeClaimComplete', 'setNxThenSet', 'redisStore claim + complete', 'SET NX PX + SET PX'),
      ],
      raw: {
        operationsPerRun: operations,
        concurrency,
        opsPerSecond: runs,
        medians: Object.fromEntries(names.map((n) => [n, median(runs[n])])),
      },
    };
  } finally {
    client.disconnect();
    await server.stop();
  }
}
