import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // No clean: a rebuild overwrites dist in place, so packages built against it never see it missing.
  clean: false,
  target: 'node20',
  splitting: false,
});
