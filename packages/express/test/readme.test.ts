import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PimReceiver } from '@pimhooks/core';
import { bluestoneBatch, sendDelivery, tamperBody } from '@pimhooks/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Served, serve } from './support/express.js';

const SECRET = 'readme-secret';
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The lines between `// #region <name>` and `// #endregion <name>` of a snippet file, unindented. */
function snippet(file: string, region = 'readme'): string {
  const text = readFileSync(new URL(`./readme/${file}.ts`, import.meta.url), 'utf8');
  const start = text.indexOf(`// #region ${region}\n`);
  const end = text.indexOf(`// #endregion ${region}\n`);
  if (start === -1 || end === -1) throw new Error(`test/readme/${file}.ts has no region ${region}`);
  const lines = text
    .slice(text.indexOf('\n', start) + 1, end)
    .trimEnd()
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  // Drop the region's own indentation (inside a function) and the blank line before its end.
  return `${lines
    .map((l) => l.slice(indent))
    .join('\n')
    .replace(/\n *$/, '')}\n`;
}

const SNIPPETS: [file: string, region?: string][] = [
  ['minimal'],
  ['route'],
  ['raw-body', 'readme:webhooks-first'],
  ['raw-body', 'readme:json-verify'],
  ['raw-body', 'readme:json-verify-inline'],
  ['raw-body', 'readme:raw-first'],
  ['raw-body', 'readme:text-first'],
  ['raw-body', 'readme:json-broken'],
  ['configuration'],
  ['example'],
];

/** The origin of a server a snippet started itself, once it listens. */
async function originOf(server: Server): Promise<string> {
  if (!server.listening) await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  if (server.listening) await once(server, 'close');
}

beforeAll(() => {
  process.env.BLUESTONE_SECRET = SECRET;
  process.env.PORT = '0';
});

describe('README', () => {
  it.each(SNIPPETS)('shows the typechecked %s snippet %s verbatim', (file, region) => {
    expect(README).toContain(`\`\`\`ts\n${snippet(file, region)}\`\`\``);
  });

  it('has no TypeScript snippet that is not one of the typechecked files', () => {
    const blocks = README.match(/```ts\n[\s\S]*?```/g) ?? [];
    const known = SNIPPETS.map(([file, region]) => `\`\`\`ts\n${snippet(file, region)}\`\`\``);
    expect(blocks.filter((block) => !known.includes(block))).toEqual([]);
    expect(blocks).toHaveLength(SNIPPETS.length);
  });
});

describe('README snippets, run', () => {
  let served: Served | undefined;
  const started: Server[] = [];
  afterEach(async () => {
    await served?.close();
    served = undefined;
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    for (const server of started) await closeServer(server);
  });

  it('the minimal setup serves /webhooks/bluestone and runs the typed handler', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { server } = await import('./readme/minimal.js');
    started.push(server);
    const answer = await sendDelivery(
      `${await originOf(server)}/webhooks`,
      bluestoneBatch(['PRODUCT_CREATED'], SECRET),
    );
    expect(answer.status).toBe(200);
    expect(log).toHaveBeenCalledWith('product 6537bdebb388e74a0482e761 created: Product A');
  });

  it('the route setup serves /hooks/bluestone', async () => {
    const { routeApp, receiver } = await import('./readme/route.js');
    const types: string[] = [];
    receiver.onAny((event) => {
      types.push(event.type);
    });
    served = await serve(routeApp());
    const answer = await sendDelivery(`${served.origin}/hooks`, bluestoneBatch(['CATEGORY_REMOVED'], SECRET));
    expect(answer.status).toBe(200);
    expect(types).toEqual(['CATEGORY_REMOVED']);
  });

  it.each([
    ['webhooksFirst', 200],
    ['jsonKeepsRawBody', 200],
    ['jsonKeepsRawBodyInline', 200],
    ['rawFirst', 200],
    ['textFirst', 200],
    ['jsonWithoutRawBody', 500],
  ] as const)('the raw-body setup %s answers %i', async (name, status) => {
    const setups = await import('./readme/raw-body.js');
    const receiver: PimReceiver = setups.setupReceiver(SECRET);
    served = await serve(setups[name](receiver));
    const delivery = bluestoneBatch(['PRODUCT_CREATED'], SECRET);
    expect((await sendDelivery(`${served.origin}/webhooks`, delivery)).status).toBe(status);
    if (status === 200) {
      expect((await sendDelivery(`${served.origin}/webhooks`, tamperBody(delivery))).status).toBe(401);
    }
  });

  it('the configuration mounts at /pim with the chosen limits', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { app, receiver } = await import('./readme/configuration.js');
    expect(receiver.options.maxBodyBytes).toBe(256 * 1024);
    expect(receiver.options.bodyTimeoutMs).toBe(10_000);
    served = await serve(app);
    const delivery = bluestoneBatch(['PRODUCT_CREATED'], SECRET);
    expect((await sendDelivery(`${served.origin}/pim`, delivery)).status).toBe(200);
    expect((await sendDelivery(`${served.origin}/webhooks`, delivery)).status).toBe(404);
    expect((await sendDelivery(`${served.origin}/pim`, tamperBody(delivery))).status).toBe(401);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^\[bluestone\] signature_invalid: /));
  });

  it('the complete example handles typed events and serves its API beside them', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { server } = await import('./readme/example.js');
    started.push(server);
    const origin = await originOf(server);
    const rename = bluestoneBatch(['PRODUCT_WATCH_METADATA_NAME'], SECRET);
    expect((await sendDelivery(`${origin}/webhooks`, rename)).status).toBe(200);
    expect(log).toHaveBeenCalledWith('product 6537bdebb388e74a0482e761 renamed (en): Product A -> Product B');
    expect((await sendDelivery(`${origin}/webhooks`, tamperBody(rename))).status).toBe(401);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^webhook signature_invalid \(bluestone\): /));
    const note = await fetch(`${origin}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"restock"}',
    });
    expect(note.status).toBe(201);
    expect(await note.json()).toEqual({ received: { text: 'restock' } });
    // Invalid JSON on the API is the JSON parser's error, answered by the app's error handler.
    const broken = await fetch(`${origin}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":',
    });
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ error: 'internal' });
  });
});
