import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // No clean: a rebuild overwrites dist in place, so packages built against it never see it missing.
    clean: false,
    target: 'node20',
    splitting: false,
  },
  {
    // The `pimhooks` command: ESM only, run by Node.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
