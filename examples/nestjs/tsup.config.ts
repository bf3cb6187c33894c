import { defineConfig } from 'tsup';

// tsconfig.json sets emitDecoratorMetadata, so tsup compiles with swc, which emits the metadata Nest's
// dependency injection reads.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: false,
  target: 'node20',
});
