import { defineConfig } from 'vitest/config';

// Every tensor test runs twice: once on the cpu backend and once on wasm (DESIGN §8).
// Tests that do not depend on the backend (packaging, file formats) run in the cpu project only.
const backendIndependent = ['test/package/**', 'test/deno/**'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'cpu',
          include: ['test/**/*.test.ts'],
          env: { TFJS_BACKEND: 'cpu' },
          setupFiles: ['test/setup/backend.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'wasm',
          include: ['test/**/*.test.ts'],
          exclude: backendIndependent,
          env: { TFJS_BACKEND: 'wasm' },
          setupFiles: ['test/setup/backend.ts'],
        },
      },
    ],
  },
});
