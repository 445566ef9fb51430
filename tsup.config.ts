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
    clean: ['**/*', '!cli.js', '!cli.js.map', '!cli/**'],
    target: 'es2020',
    // Shared modules (CamError above all) go to common chunks, so `err instanceof CamError` holds for
    // errors thrown by every entry point of one format; without splitting each entry bundles its own copy.
    splitting: true,
    treeshake: true,
    external,
  },
  {
    // The `tfjs-gradcam` command: an ESM file with a shebang (package.json's "bin" points at it) and its
    // chunks in dist/cli/: the commands load tfjs with a dynamic import, only once their arguments are
    // checked, so a usage error, --help and --version start in a fraction of a second.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node18',
    dts: false,
    sourcemap: true,
    clean: ['cli/**'],
    splitting: true,
    esbuildOptions(options) {
      options.chunkNames = 'cli/[name]-[hash]';
    },
    treeshake: true,
    banner: { js: '#!/usr/bin/env node' },
    external,
  },
]);
