import { request } from 'node:http';
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

const SECRET = 'example-express-secret';
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Start the built app as its own process, as `pnpm --filter ./examples/express start` does. */
function start(env: Record<string, string | undefined> = {}): Promise<RunningApp> {
  return startApp({ main, env: { BLUESTONE_SECRET: SECRET, QUIET: undefined, ...env } });
}

/** Wait (bounded) until something matching `pattern` was printed on stderr. */
async function stderrLine(app: RunningApp, pattern: RegExp): Promise<string | undefined> {
  const find = () =>
    app
      .stderr()
      .split('\n')
      .find((line) => pattern.test(line));
  for (let i = 0; i < 250 && find() === undefined; i++) await new Promise((r) => setTimeout(r, 20));
  return find();
}

/** POST a body of `size` bytes with its length declared; resolves the status and Connection header. */
function postLarge(url: string, size: number): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(size) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      req.destroy();
    });
    req.on('error', reject);
    req.write('{"events":[');
  });
}

describe('examples/express', () => {
  let app: RunningApp;
  let webhooks: string;
  beforeAll(async () => {
    app = await start();
    webhooks = `${app.origin}/webhooks`;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('prints the port the system chose for PORT=0 in its readiness line', () => {
    expect(app.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(app.origin).port)).toBeGreaterThan(0);
  });

  it('handles every documented Bluestone event and prints one JSON line for each', async () => {
    for (const example of bluestoneExamples) {
      const answer = await sendDelivery(webhooks, signBluestone(example.body, SECRET));
      expect(answer.status, example.type).toBe(200);
    }
    const lines = await app.waitForEvents(bluestoneExamples.length);
    expect(lines).toHaveLength(25);
    expect(lines.map((l) => l.type)).toEqual(bluestoneExamples.map((e) => e.type));
    expect(lines.map((l) => l.entityIds)).toEqual(
      bluestoneExamples.map((e) => e.body.events[0]?.changes.entityIds),
    );
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['entityIds', 'id', 'source', 'topic', 'type']);
      expect(line.source).toBe('bluestone');
      expect(typeof line.id).toBe('string');
    }
    expect(lines.find((l) => l.type === 'PRODUCT_CREATED')?.topic).toBe('product.created');
    expect(lines.find((l) => l.type === 'PRODUCT_WATCH_METADATA_NAME')?.topic).toBe('product.updated');
    expect(lines.find((l) => l.type === 'CATEGORY_REMOVED')?.topic).toBe('category.deleted');
  });

  it('keeps its product list up to date from the typed and topic handlers', async () => {
    const response = await fetch(`${app.origin}/api/products/6537bdebb388e74a0482e761`);
    expect(response.status).toBe(200);
    // The creation (metadataChanges) was sent after the renames but happened before them: the
    // older creation must not undo the newer updates (read from the normalized `changes`).
    expect(await response.json()).toEqual({
      id: '6537bdebb388e74a0482e761',
      name: 'Product B',
      number: 'product-b',
      description: 'This is a description',
      updatedAt: new Date(1698221665578).toISOString(),
    });
    const all = (await (await fetch(`${app.origin}/api/products`)).json()) as { id: string }[];
    expect(all.map((p) => p.id)).toEqual(['6537bdebb388e74a0482e761']);
    expect((await fetch(`${app.origin}/api/products/nope`)).status).toBe(404);
  });

  it('handles a batch, drops its duplicate, and refuses a forgery with a line on stderr', async () => {
    const before = app.events().length;
    const batch = bluestoneBatch(['PRODUCT_CREATED', 'CATEGORY_CREATED', 'PRODUCT_WATCH_STATE'], SECRET);
    const first = await sendDelivery(webhooks, batch);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ ok: true, events: 3, duplicates: 0 });
    const again = await sendDelivery(webhooks, batch);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ ok: true, events: 3, duplicates: 3 });
    const forged = await sendDelivery(webhooks, tamperBody(batch));
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toEqual({ ok: false, error: 'unauthorized' });
    expect(await stderrLine(app, /^webhook signature_invalid \(bluestone\): /)).toBeDefined();
    const lines = (await app.waitForEvents(before + 3)).slice(before);
    expect(lines.map((l) => l.type)).toEqual(['PRODUCT_CREATED', 'CATEGORY_CREATED', 'PRODUCT_WATCH_STATE']);
    expect(lines.map((l) => l.topic)).toEqual(['product.created', 'category.created', 'product.updated']);
    // Neither the duplicate nor the forgery printed a line.
    expect(app.events()).toHaveLength(before + 3);
  });

  it('answers bad JSON with 400, a wrong method with 405, an oversized body with 413', async () => {
    expect((await sendDelivery(webhooks, signBluestone('{"events": [', SECRET))).status).toBe(400);
    const get = await fetch(`${webhooks}/bluestone`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await postLarge(`${webhooks}/bluestone`, 2 * 1024 * 1024)).toEqual({
      status: 413,
      connection: 'close',
    });
    expect(await stderrLine(app, /^webhook payload_too_large \(bluestone\): /)).toBeDefined();
  });

  it('serves its health check and its own JSON API beside the webhooks', async () => {
    const health = await fetch(`${app.origin}/health`);
    expect(await health.json()).toEqual({ ok: true, sources: ['bluestone'] });
    const note = await fetch(`${app.origin}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"restock shoes"}',
    });
    expect(note.status).toBe(201);
    expect(await note.json()).toEqual({ saved: 'restock shoes' });
    // The API's parser refuses bad JSON; the app's error handler answers it.
    const broken = await fetch(`${app.origin}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":',
    });
    expect(broken.status).toBe(400);
    expect((await fetch(`${app.origin}/webhooks/acme`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('prints no event lines with QUIET=1, and stops cleanly on SIGTERM', async () => {
    const quiet = await start({ QUIET: '1' });
    try {
      const answer = await sendDelivery(
        `${quiet.origin}/webhooks`,
        bluestoneBatch(['PRODUCT_CREATED', 'CATEGORY_REMOVED'], SECRET),
      );
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 2, duplicates: 0 });
      // The handlers ran (the product list shows it), yet nothing was printed.
      const products = (await (await fetch(`${quiet.origin}/api/products`)).json()) as { id: string }[];
      expect(products.map((p) => p.id)).toEqual(['6537bdebb388e74a0482e761']);
      expect(quiet.lines).toEqual([]);
    } finally {
      expect(await quiet.stop()).toBe(0);
    }
  });

  it('mounts no Bluestone route without BLUESTONE_SECRET', async () => {
    const bare = await start({ BLUESTONE_SECRET: undefined });
    try {
      expect(await (await fetch(`${bare.origin}/health`)).json()).toEqual({ ok: true, sources: [] });
      const answer = await sendDelivery(
        `${bare.origin}/webhooks`,
        bluestoneBatch(['PRODUCT_CREATED'], SECRET),
      );
      expect(answer.status).toBe(404);
      expect(bare.lines).toEqual([]);
      expect(bare.stderr()).toContain('set BLUESTONE_SECRET');
    } finally {
      expect(await bare.stop()).toBe(0);
    }
  });
});
