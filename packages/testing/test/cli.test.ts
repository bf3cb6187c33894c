import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  akeneo,
  bizzkit,
  bluestone,
  brightpearl,
  createNodeHandler,
  createPimReceiver,
  type PimEvent,
  quable,
} from '@pimhooks/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/commands.js';
import { bluestoneBatch, TEST_VENDOR_SECRETS as S } from '../src/index.js';

const handled: PimEvent[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const receiver = createPimReceiver({
    logger: false,
    sources: [
      bluestone({ secret: S.bluestone, maxAgeMs: 60 * 60 * 1000 }),
      bizzkit({ secret: S.bizzkit }),
      quable({ token: S.quable }),
      brightpearl({ key: S.brightpearl }),
      akeneo({ secret: S.akeneo }),
    ],
  });
  receiver.onAny((event) => {
    handled.push(event);
  });
  server = createServer(createNodeHandler(receiver));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function cli(args: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stdin: async () => stdin,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('pimhooks send', () => {
  it.each([
    ['bluestone', 'PRODUCT_CREATED', S.bluestone],
    ['bizzkit', 'ProductCatalogueItemCreated', S.bizzkit],
    ['quable', 'document.update', S.quable],
    ['brightpearl', 'product.modified', S.brightpearl],
    ['akeneo', 'com.akeneo.pim.v1.product.updated', S.akeneo],
  ])('sends a %s %s the receiver accepts', async (source, event, secret) => {
    const before = handled.length;
    const result = await cli(['send', source, event, '--url', `${base}/${source}`, '--secret', secret]);
    expect(result.err).toBe('');
    expect(result.out).toMatch(/^sent: 200 /);
    expect(result.code).toBe(0);
    expect(handled.slice(before).map((e) => `${e.source} ${e.type}`)).toEqual([`${source} ${event}`]);
  });

  it('sends a batch, then the same delivery again as a duplicate', async () => {
    const before = handled.length;
    const result = await cli([
      'send',
      'bluestone',
      'CATEGORY_REMOVED',
      '--url',
      `${base}/bluestone`,
      '--secret',
      S.bluestone,
      '--batch',
      '3',
      '--duplicate',
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('"events":3,"duplicates":0');
    expect(result.out).toContain('"events":3,"duplicates":3');
    expect(handled.length - before).toBe(3);
  });

  it.each([
    ['bluestone', 'PRODUCT_CREATED', S.bluestone, '--tamper'],
    ['bluestone', 'PRODUCT_CREATED', S.bluestone, '--expired'],
    ['bizzkit', 'BrandViewsCreated', S.bizzkit, '--tamper'],
    ['bizzkit', 'BrandViewsCreated', S.bizzkit, '--expired'],
    ['quable', 'media.create', S.quable, '--tamper'],
    ['brightpearl', 'product.created', S.brightpearl, '--tamper'],
    ['akeneo', 'com.akeneo.pim.v1.product.deleted', S.akeneo, '--tamper'],
  ])('%s %s %s is refused with 401, and the command succeeds', async (source, event, secret, flag) => {
    const before = handled.length;
    const result = await cli(['send', source, event, '--url', `${base}/${source}`, '--secret', secret, flag]);
    expect(result.out).toMatch(/^sent: 401 /);
    expect(result.code).toBe(0);
    expect(handled.length).toBe(before);
  });

  it('sends Brightpearl by GET with the fields in the query', async () => {
    const result = await cli([
      'send',
      'brightpearl',
      'product.destroyed',
      '--method',
      'GET',
      '--url',
      `${base}/brightpearl`,
      '--secret',
      S.brightpearl,
    ]);
    expect(result.out).toMatch(/^sent: 200 .*\?.*fullEvent=product\.destroyed/);
  });

  it('fails with the list of valid names for an unknown source or event', async () => {
    const source = await cli(['send', 'acme', 'X', '--url', base, '--secret', 's']);
    expect(source.code).toBe(1);
    expect(source.err).toContain(
      'Unknown source "acme". Sources: bluestone, bizzkit, quable, brightpearl, akeneo.',
    );
    const event = await cli(['send', 'quable', 'document.upd', '--url', base, '--secret', 's']);
    expect(event.code).toBe(1);
    expect(event.err).toContain('Unknown quable event "document.upd"');
    expect(event.err).toContain('document.update');
  });

  it('fails clearly without --url or --secret, and on options that do not apply', async () => {
    expect((await cli(['send', 'bluestone', 'PRODUCT_CREATED', '--secret', 's'])).err).toContain(
      '--url is required',
    );
    expect((await cli(['send', 'bluestone', 'PRODUCT_CREATED', '--url', base])).err).toContain(
      '--secret is required',
    );
    const batch = await cli([
      'send',
      'quable',
      'document.update',
      '--url',
      base,
      '--secret',
      's',
      '--batch',
      '2',
    ]);
    expect(batch.err).toContain('one event per request');
  });

  it('exits 1 when a genuine delivery is not accepted', async () => {
    const result = await cli([
      'send',
      'bluestone',
      'PRODUCT_CREATED',
      '--url',
      `${base}/bluestone`,
      '--secret',
      'wrong',
    ]);
    expect(result.out).toMatch(/^sent: 401/);
    expect(result.code).toBe(1);
  });

  it('lists a source’s events', async () => {
    const result = await cli(['send', 'bluestone', '--list']);
    expect(result.out.split('\n')).toHaveLength(25);
  });
});

describe('pimhooks sign', () => {
  it('prints headers that make a receiver accept the body', async () => {
    // Any body: `sign` signs exactly the bytes it reads.
    const { body } = bluestoneBatch(['CATEGORY_REMOVED'], 'ignored');
    const result = await cli(['sign', 'bluestone', '--secret', S.bluestone], body);
    expect(result.code).toBe(0);
    const header = /^x-bs-signature: (\S+)$/m.exec(result.out)?.[1];
    expect(header).toBeDefined();
    expect(result.out).toContain(
      `curl -X POST -H 'content-type: application/json' -H 'x-bs-signature: ${header}'`,
    );
    const response = await fetch(`${base}/bluestone`, {
      method: 'POST',
      body,
      headers: { 'x-bs-signature': header! },
    });
    expect(response.status).toBe(200);
  });

  it('prints Akeneo’s signature headers', async () => {
    const result = await cli(['sign', 'akeneo', '--secret', S.akeneo], '{}');
    expect(result.out).toMatch(/^x-akeneo-signature-primary: [0-9a-f]{64}$/m);
  });
});

describe('pimhooks replay', () => {
  it('resends saved deliveries and reports each', async () => {
    const genuine = bluestoneBatch(['PRODUCT_WATCH_LABEL'], S.bluestone);
    const file = join(tmpdir(), `pimhooks-replay-${process.pid}.json`);
    await writeFile(
      file,
      JSON.stringify([
        { url: `${base}/bluestone`, headers: genuine.headers, body: genuine.body },
        { headers: genuine.headers, body: JSON.parse(genuine.body) },
      ]),
    );
    const result = await cli(['replay', file, '--url', `${base}/bluestone`]);
    expect(result.out).toContain('1/2: 200');
    expect(result.out).toContain('2/2: 200');
    expect(result.out).toContain('"duplicates":1');
    expect(result.code).toBe(0);
  });
});

describe('the pimhooks binary', () => {
  const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  it.each([['--help'], ['send', '--help'], ['sign', '--help'], ['replay', '--help']])(
    'prints help for %s',
    async (...args) => {
      const { stdout } = await promisify(execFile)(process.execPath, [bin, ...args]);
      expect(stdout).toContain('pimhooks');
    },
  );

  it('exits 1 with a message for an unknown command', async () => {
    await expect(promisify(execFile)(process.execPath, [bin, 'explode'])).rejects.toMatchObject({ code: 1 });
  });
});
