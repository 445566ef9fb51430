import { defineConfig } from 'tsup';

/** Packages the builds import at run time instead of bundling (peers, dependencies, optional peers). */
const external = [/^@tensorflow\//, 'pngjs', 'jpeg-js', 'sharp'];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'node/index': 'src/node/index.ts',
      'browser/index': 'src/browser/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: ['**/*', '!cli.js', '!cli.js.map'],
    target: 'es2020',
    // Shared modules (CamError above all) go to common chunks, so `err instanceof CamError` holds for
    // errors thrown by every entry point of one format; without splitting each entry bundles its own copy.
    splitting: true,
    treeshake: true,
    external,
  },
  {
    // The `tfjs-gradcam` command: one ESM file with a shebang; package.json's "bin" points at it.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node18',
    dts: false,
    sourcemap: true,
    clean: false,
    splitting: false,
    treeshake: true,
    banner: { js: '#!/usr/bin/env node' },
    external,
  },
]);
