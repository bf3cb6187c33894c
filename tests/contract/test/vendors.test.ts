import { type RunningApp, sendDelivery, startApp, vendorEnv, vendorExchanges } from '@pimhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, exampleMain } from './examples.js';

describe.each(EXAMPLES)('examples/%s with every vendor mounted from its variable', (name) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ main: exampleMain(name), env: vendorEnv() });
  });
  afterAll(async () => {
    await app.stop();
  });

  for (const exchange of vendorExchanges()) {
    it(`${exchange.label}: ${exchange.status}, ${exchange.events} event line(s)`, async () => {
      const before = app.events().length;
      const answer = await sendDelivery(`${app.origin}/webhooks`, exchange.delivery);
      expect(answer.status).toBe(exchange.status);
      const lines = (await app.waitForEvents(before + exchange.events, 2000)).slice(before);
      expect(lines).toHaveLength(exchange.events);
      for (const line of lines) {
        expect(line).toMatchObject({ source: exchange.source });
        for (const field of ['type', 'topic', 'id', 'entityIds']) expect(line).toHaveProperty(field);
      }
    });
  }
});
