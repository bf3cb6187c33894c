import {
  bluestoneBatch,
  type RunningApp,
  type StartedRedisServer,
  sendDelivery,
  startApp,
  startRedisServer,
  TEST_VENDOR_SECRETS,
} from '@pimhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, exampleMain } from './examples.js';

const SECRET = TEST_VENDOR_SECRETS.bluestone;

describe.each(EXAMPLES)('two instances of examples/%s sharing one Redis (REDIS_URL)', (name) => {
  let redis: StartedRedisServer;
  let apps: RunningApp[];
  beforeAll(async () => {
    redis = await startRedisServer();
    apps = await Promise.all(
      [1, 2].map(() =>
        startApp({ main: exampleMain(name), env: { BLUESTONE_SECRET: SECRET, REDIS_URL: redis.url } }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await redis.stop();
  });

  it('handle each event of a delivery sent to both exactly once', async () => {
    const types = ['PRODUCT_CREATED', 'PRODUCT_WATCH_CATEGORY', 'CATEGORY_REMOVED'];
    const deliveries = Array.from({ length: 20 }, (_, i) =>
      bluestoneBatch(types, SECRET, { timestamp: 1_700_000_000_000 + i }),
    );
    // First one delivery of its own to each instance: both must be live and handling.
    for (const [i, app] of apps.entries()) {
      const own = bluestoneBatch(types, SECRET, { timestamp: 1_600_000_000_000 + i });
      deliveries.push(own);
      expect((await sendDelivery(`${app.origin}/webhooks`, own)).status).toBe(200);
    }
    for (const app of apps) expect((await app.waitForEvents(types.length)).length).toBe(types.length);
    // Then every delivery goes to both instances at the same moment (alternating which first), twice.
    for (let round = 0; round < 2; round++) {
      const answers = await Promise.all(
        deliveries.flatMap((delivery, i) =>
          (i % 2 === 0 ? apps : [...apps].reverse()).map((app) =>
            sendDelivery(`${app.origin}/webhooks`, delivery),
          ),
        ),
      );
      // A copy that finds the other instance mid-way is told to retry (503); nothing else fails.
      for (const answer of answers) expect([200, 503]).toContain(answer.status);
    }
    // Retry whatever was answered 503, as the vendor would, until every delivery is acknowledged.
    for (const delivery of deliveries) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const answer = await sendDelivery(`${apps[attempt % 2]!.origin}/webhooks`, delivery);
        if (answer.status === 200) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const expected = deliveries.length * types.length;
    const handled = () => apps.flatMap((app) => app.events());
    const deadline = Date.now() + 5000;
    while (handled().length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const ids = handled().map((event) => event.id as string);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
  });
});
