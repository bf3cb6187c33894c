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

const SECRET = 'example-node-http-secret';
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface RunningApp {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly lines: string[];
}

async function startApp(env: Record<string, string>): Promise<RunningApp> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BLUESTONE_SECRET: SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the app exited early with code ${code}`)));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        const match = /^listening on (http:\/\/\S+)$/.exec(line);
        if (match?.[1] !== undefined) resolve(match[1]);
        else lines.push(line);
      }
    });
  });
  const origin = await ready;
  return { child, baseUrl: `${origin}/webhooks`, lines };
}

async function stopApp(app: RunningApp): Promise<void> {
  if (app.child.exitCode !== null) return;
  app.child.kill('SIGTERM');
  await once(app.child, 'exit');
}

/** Waits until the app has printed `count` event lines (it prints them as handlers run). */
async function eventLines(app: RunningApp, count: number): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 100 && app.lines.length < count; i++) await new Promise((r) => setTimeout(r, 20));
  return app.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('examples/node-http', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({});
  });
  afterAll(async () => {
    await stopApp(app);
  });

  it('handles every documented Bluestone event and prints one line for each', async () => {
    for (const example of bluestoneExamples) {
      const answer = await sendDelivery(app.baseUrl, signBluestone(example.body, SECRET));
      expect(answer.status, example.type).toBe(200);
    }
    const lines = await eventLines(app, bluestoneExamples.length);
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
    expect((await sendDelivery(app.baseUrl, batch)).status).toBe(200);
    const again = await sendDelivery(app.baseUrl, batch);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ duplicates: 2 });
    expect((await sendDelivery(app.baseUrl, tamperBody(batch))).status).toBe(401);
    expect((await eventLines(app, 2)).map((l) => l.type)).toEqual(['PRODUCT_CREATED', 'CATEGORY_REMOVED']);
    const health = await fetch(app.baseUrl.replace('/webhooks', '/health'));
    expect(await health.json()).toEqual({ ok: true, sources: ['bluestone'] });
  });

  it('prints no event lines with QUIET=1', async () => {
    const quiet = await startApp({ QUIET: '1' });
    try {
      const answer = await sendDelivery(quiet.baseUrl, bluestoneBatch(['PRODUCT_CREATED'], SECRET));
      expect(answer.status).toBe(200);
      expect(quiet.lines).toEqual([]);
    } finally {
      await stopApp(quiet);
    }
  });
});
