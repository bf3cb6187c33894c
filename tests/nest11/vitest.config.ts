import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Runs the @pimhooks/nestjs test files against Nest 11: every import of @nestjs/* made by the adapter's
// sources and its tests resolves to this package's Nest 11 copies instead of the adapter's Nest 12.
export default defineConfig({
  root: here('../..'),
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: [{ find: /^@nestjs\/([a-z-]+)(.*)$/, replacement: `${here('./node_modules/@nestjs')}/$1$2` }],
  },
  test: {
    include: ['packages/nestjs/test/**/*.test.ts'],
    setupFiles: [here('./node_modules/reflect-metadata/Reflect.js')],
    env: { PIMHOOKS_NEST_MAJOR: '11' },
    testTimeout: 20_000,
  },
});
