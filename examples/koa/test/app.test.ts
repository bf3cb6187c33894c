import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  bluestoneBatch,
  bluestoneExamples,
  sendDelivery,
  signBluestone,
  tamperBody,
} from '@pimhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'example-koa-secret';
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface RunningApp {
  readonly child: ChildProcess;
  readonly origin: string;
  /** stdout lines after the readiness line. */
  readonly lines: string[];
  readonly stderr: string[];
}

async function startApp(env: Record<string, string | undefined>): Promise<RunningApp> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BLUESTONE_SECRET: SECRET, QUIET: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(...chunk.split('\n').filter((line) => line !== ''));
  });
  let buffered = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the app exited early with code ${code}: ${stderr.join('\n')}`)),
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (match?.[1] !== undefined) resolve(match[1]);
        else lines.push(line);
      }
    });
  });
  return { child, origin: await ready, lines, stderr };
}

async function stopApp(app: RunningApp): Promise<number | null> {
  if (app.child.exitCode !== null) return app.child.exitCode;
  const exited = once(app.child, 'exit');
  app.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

/** Waits until the app has printed `count` lines (it prints them as handlers run), then parses them. */
async function eventLines(app: RunningApp, count: number): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 250 && app.lines.length < count; i++) await new Promise((r) => setTimeout(r, 20));
  return app.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function waitFor(lines: string[], pattern: RegExp): Promise<string | undefined> {
  for (let i = 0; i < 250 && !lines.some((l) => pattern.test(l)); i++)
    await new Promise((r) => setTimeout(r, 20));
  return lines.find((l) => pattern.test(l));
}

describe('examples/koa', () => {
  let app: RunningApp;
  let webhooks: string;
  beforeAll(async () => {
    app = await startApp({});
    webhooks = `${app.origin}/webhooks`;
  });
  afterAll(async () => {
    await stopApp(app);
  });

  it('handles every documented Bluestone event and prints one JSON line for each', async () => {
    for (const example of bluestoneExamples) {
      const answer = await sendDelivery(webhooks, signBluestone(example.body, SECRET));
      expect(answer.status, example.type).toBe(200);
    }
    const lines = await eventLines(app, bluestoneExamples.length);
    expect(lines.map((l) => l.type)).toEqual(bluestoneExamples.map((e) => e.type));
    expect(lines.map((l) => l.entityIds)).toEqual(
      bluestoneExamples.map((e) => e.body.events[0]?.changes.entityIds),
    );
    expect(lines.every((l) => l.source === 'bluestone' && typeof l.id === 'string')).toBe(true);
    expect(lines[0]).toMatchObject({
      source: 'bluestone',
      type: 'PRODUCT_WATCH_ASSET',
      topic: 'product.updated',
    });
    expect(lines.find((l) => l.type === 'CATEGORY_REMOVED')?.topic).toBe('category.deleted');
  });

  it('keeps its product list up to date from the typed handlers', async () => {
    const response = await fetch(`${app.origin}/api/products/6537bdebb388e74a0482e761`);
    expect(response.status).toBe(200);
    // The rename and renumber examples are sent before the creation but happened after it:
    // the older creation must not undo them.
    expect(await response.json()).toEqual({
      id: '6537bdebb388e74a0482e761',
      name: 'Product B',
      number: 'product-b',
      updatedAt: new Date(1698221525385).toISOString(),
    });
  });

  it('handles a batch, drops its duplicate, and refuses a forgery on stderr', async () => {
    app.lines.length = 0;
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
    expect(await waitFor(app.stderr, /^webhook signature_invalid \(bluestone\): /)).toBeDefined();
    const lines = await eventLines(app, 3);
    expect(lines.map((l) => l.type)).toEqual(['PRODUCT_CREATED', 'CATEGORY_CREATED', 'PRODUCT_WATCH_STATE']);
    expect(lines.map((l) => l.topic)).toEqual(['product.created', 'category.created', 'product.updated']);
    expect(app.lines).toHaveLength(3);
  });

  it('answers bad JSON with 400 and a wrong method with 405', async () => {
    expect((await sendDelivery(webhooks, signBluestone('{"events": [', SECRET))).status).toBe(400);
    const get = await fetch(`${webhooks}/bluestone`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
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
    expect((await fetch(`${app.origin}/webhooks/acme`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('prints no event lines with QUIET=1, and stops cleanly on SIGTERM', async () => {
    const quiet = await startApp({ QUIET: '1' });
    try {
      const answer = await sendDelivery(
        `${quiet.origin}/webhooks`,
        bluestoneBatch(['PRODUCT_CREATED'], SECRET),
      );
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: true, events: 1, duplicates: 0 });
      expect(quiet.lines).toEqual([]);
    } finally {
      expect(await stopApp(quiet)).toBe(0);
    }
  });

  it('mounts no Bluestone route without BLUESTONE_SECRET', async () => {
    const bare = await startApp({ BLUESTONE_SECRET: undefined });
    try {
      expect(await (await fetch(`${bare.origin}/health`)).json()).toEqual({ ok: true, sources: [] });
      const answer = await sendDelivery(
        `${bare.origin}/webhooks`,
        bluestoneBatch(['PRODUCT_CREATED'], SECRET),
      );
      expect(answer.status).toBe(404);
      expect(bare.lines).toEqual([]);
      expect(bare.stderr.join('\n')).toContain('set BLUESTONE_SECRET');
    } finally {
      await stopApp(bare);
    }
  });
});
