import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

describe('the published builds', () => {
  it('load from CommonJS (require) as well as ESM, with the same exports', async () => {
    // By URL: the built files are checked, whatever the typechecker knows of them.
    const required = createRequire(import.meta.url)('../dist/index.cjs') as Record<string, unknown>;
    const imported = (await import(new URL('../dist/index.js', import.meta.url).href)) as Record<
      string,
      unknown
    >;
    expect(Object.keys(required).sort()).toEqual(Object.keys(imported).sort());
    expect(typeof required.PimWebhooksModule).toBe('function');
    expect(typeof required.OnPimEvent).toBe('function');
  });

  it('runs against the Nest major this suite was given (12 here, 11 in tests/nest11)', async () => {
    // Resolved like the adapter's own imports of Nest, so it tells which Nest the tests really ran on.
    const manifest = (await import('@nestjs/core/package.json', { with: { type: 'json' } })) as {
      default: { version: string };
    };
    expect(manifest.default.version.split('.')[0]).toBe(process.env.PIMHOOKS_NEST_MAJOR ?? '12');
  });
});
