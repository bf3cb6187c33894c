import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest needs decorator metadata in the test apps; vite's own transform does not emit it.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: { include: ['test/**/*.test.ts'], setupFiles: ['reflect-metadata'], testTimeout: 20_000 },
});
