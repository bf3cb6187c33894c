import { fileURLToPath } from 'node:url';
import {
  bluestoneBatch,
  bluestoneExamples,
  type RunningApp,
  sendDelivery,
  signBluestone,
  startApp,
  tamperBody,
} from '@pimhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'example-nestjs-secret';
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('examples/nestjs', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ main, env: { BLUESTONE_SECRET: SECRET } });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('handles every documented Bluestone event and prints one line for each', async () => {
    for (const example of bluestoneExamples) {
      const answer = await sendDelivery(`${app.origin}/webhooks`, signBluestone(example.body, SECRET));
      expect(answer.status, example.type).toBe(200);
    }
    const lines = await app.waitForEvents(bluestoneExamples.length);
    expect(lines.map((l) => l.type)).toEqual(bluestoneExamples.map((e) => e.type));
    expect(lines[0]).toMatchObject({
      source: 'bluestone',
      topic: 'product.updated',
      entityIds: ['641314b6ee358800012b279b'],
    });
  });

  it('drops a duplicate, refuses a forgery, and serves its other routes', async () => {
    app.lines.length = 0;
    const batch = bluestoneBatch(['PRODUCT_CREATED', 'CATEGORY_REMOVED'], SECRET);
    expect((await sendDelivery(`${app.origin}/webhooks`, batch)).status).toBe(200);
    const again = await sendDelivery(`${app.origin}/webhooks`, batch);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ duplicates: 2 });
    expect((await sendDelivery(`${app.origin}/webhooks`, tamperBody(batch))).status).toBe(401);
    expect((await app.waitForEvents(2)).map((l) => l.type)).toEqual(['PRODUCT_CREATED', 'CATEGORY_REMOVED']);
    expect(await (await fetch(`${app.origin}/health`)).json()).toEqual({ ok: true });
    // The app's own JSON route keeps Nest's body parsing beside the webhooks.
    const note = await fetch(`${app.origin}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(await note.json()).toEqual({ notes: 1 });
    // The typed handlers kept the newest name: the documented rename (2023-10-25) is newer than the
    // documented creation (2023-10-24), though it was sent first; the batch above is newest of all.
    expect(await (await fetch(`${app.origin}/api/products`)).json()).toEqual({
      '6537bdebb388e74a0482e761': 'Product A',
    });
  });

  it('prints no event lines with QUIET=1 and shuts down on SIGTERM', async () => {
    const quiet = await startApp({ main, env: { BLUESTONE_SECRET: SECRET, QUIET: '1' } });
    const answer = await sendDelivery(
      `${quiet.origin}/webhooks`,
      bluestoneBatch(['PRODUCT_CREATED'], SECRET),
    );
    expect(answer.status).toBe(200);
    expect(quiet.lines).toEqual([]);
    // Nest runs its shutdown hooks, then re-raises the signal: the process ends by SIGTERM.
    expect(await quiet.stop()).toBeNull();
    expect(quiet.child.signalCode).toBe('SIGTERM');
  });
});
