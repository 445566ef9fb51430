import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'node/index': 'src/node/index.ts',
    'browser/index': 'src/browser/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2020',
  // Shared modules (CamError above all) go to common chunks, so `err instanceof CamError` holds for
  // errors thrown by every entry point of one format; without splitting each entry bundles its own copy.
  splitting: true,
  treeshake: true,
  external: [/^@tensorflow\//, 'pngjs', 'jpeg-js'],
});
