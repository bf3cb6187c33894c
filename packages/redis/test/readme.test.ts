import { readFileSync } from 'node:fs';
import { bluestoneBatch, deliverTo, startRedisServer } from '@pimhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspector } from './support/clients.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const USAGE = ['ioredis-usage', 'node-redis-usage'] as const;
const SNIPPETS = [...USAGE, 'fail-open'] as const;

/** The lines between `// #region readme` and `// #endregion readme` of a snippet file. */
function snippet(name: string): string {
  const text = readFileSync(new URL(`./readme/${name}.ts`, import.meta.url), 'utf8');
  const match = /\/\/ #region readme\n([\s\S]*?)\/\/ #endregion readme\n/.exec(text);
  if (match?.[1] === undefined) throw new Error(`test/readme/${name}.ts has no readme region`);
  // The formatter may leave a blank line before the end marker.
  return `${match[1].trimEnd()}\n`;
}

let server: Awaited<ReturnType<typeof startRedisServer>>;

beforeAll(async () => {
  server = await startRedisServer();
  process.env.REDIS_URL = server.url;
  process.env.BLUESTONE_SECRET = 'readme-secret';
});

afterAll(async () => {
  await server?.stop();
});

describe('README', () => {
  it.each(SNIPPETS)('shows the typechecked %s example verbatim', (name) => {
    expect(README).toContain(`\`\`\`ts\n${snippet(name)}\`\`\``);
  });

  it('the fail-open example configures a fail-open store', async () => {
    const { store } = await import('./readme/fail-open.js');
    expect(store.options.onUnavailable).toBe('fail-open');
    expect(store.clientKind).toBe('ioredis');
  });

  it.each(USAGE)('the %s example deduplicates through Redis', async (name) => {
    const example = (await import(`./readme/${name}.ts`)) as typeof import('./readme/ioredis-usage.js');
    const handled: string[] = [];
    example.receiver.onAny((event) => {
      handled.push(event.id);
    });
    try {
      const delivery = bluestoneBatch(['PRODUCT_CREATED'], 'readme-secret', { timestamp: 1_720_000_000_000 });
      expect((await deliverTo(example.receiver, delivery)).status).toBe(200);
      expect(handled).toHaveLength(1);
      const look = await inspector(server.url);
      const prefix = name === 'node-redis-usage' ? 'shop-a:' : 'pimhooks:';
      expect(await look.get(`${prefix}bluestone:${handled[0]}`)).toBe('completed');
      look.disconnect();
    } finally {
      example.closeExample();
    }
  });
});
