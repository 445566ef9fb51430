/**
 * Real-Chromium harness for the browser tests: bundles an entry with esbuild (as an app would),
 * serves it with the project's static server (the wasm backend fetches its .wasm files from it) and
 * opens one page per tfjs backend (DESIGN §10: one backend per page; webgpu before webgl in one page
 * breaks webgl).
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStaticServer, type StaticServer } from '../../examples/browser/staticServer.js';

export const REPO = join(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
/** Where @tensorflow/tfjs-backend-wasm keeps its .wasm binaries; served under /wasm/. */
export const WASM_DIR = join(REPO, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

/** The backends a page can run on. */
export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/**
 * Headless Chromium flags: no sandbox (containers), no network chatter; WebGL runs on SwiftShader
 * (software GL, present in Debian's build) and WebGPU is enabled where Chromium finds an adapter.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
];

/** Starts Debian's Chromium headless with {@link CHROMIUM_ARGS} (plus `extra`). */
export async function launchChromium(extra: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extra] });
}

/** Bundles `contents` (TypeScript, resolved from the repo root) into one browser script. */
export async function bundle(contents: string): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: REPO, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0]!.text;
}

/**
 * The prelude of a test page's entry: imports tfjs with all four backends and sets the one named
 * in the page URL (`?backend=webgl`); `window.ready` resolves to the backend in use, or rejects.
 */
export const BACKEND_PRELUDE = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
const wanted = new URLSearchParams(location.search).get('backend') ?? 'cpu';
setWasmPaths('/wasm/');
window.ready = (async () => {
  if (!(await tf.setBackend(wanted))) throw new Error('tf.setBackend(' + wanted + ') returned false');
  await tf.ready();
  return tf.getBackend();
})();
`;

/** A served test page: open it per backend with {@link openPage}. */
export interface TestSite {
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Serves `/` (a page loading `/app.js`), `/app.js` (the bundle), `/wasm/` and extra mounts; starts Chromium. */
export async function startSite(entry: string, mounts: Record<string, string> = {}, extraArgs: string[] = []): Promise<TestSite> {
  const [app, browser] = await Promise.all([bundle(entry), launchChromium(extraArgs)]);
  const page = '<!doctype html><meta charset="utf-8"><title>tfjs-gradcam test</title><body><script type="module" src="/app.js"></script></body>';
  const blank = '<!doctype html><meta charset="utf-8"><title>blank</title>';
  const server = await startStaticServer({
    files: { '/': page, '/index.html': page, '/blank.html': blank, '/app.js': app },
    mounts: { '/wasm/': WASM_DIR, ...mounts },
  });
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Opens the site's page on one backend and waits for it; page errors and console errors are
 * collected in `errors`.
 */
export async function openPage(site: TestSite, backend: BackendName): Promise<{ page: Page; errors: string[]; backend: string }> {
  const page = await site.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${site.server.url}?backend=${backend}`);
  await page.waitForFunction(() => (window as unknown as { ready?: unknown }).ready !== undefined);
  const used = await page.evaluate(() => (window as unknown as { ready: Promise<string> }).ready);
  return { page, errors, backend: used };
}

/**
 * Whether this Chromium offers a WebGPU adapter on a page of `site`; the reason when not.
 */
export async function webgpuAvailability(site: TestSite): Promise<{ ok: boolean; reason: string }> {
  const page = await site.browser.newPage();
  try {
    await page.goto(`${site.server.url}blank.html`);
    return await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string } } | null> } }).gpu;
      if (gpu === undefined) return { ok: false, reason: 'navigator.gpu is undefined in this Chromium' };
      const adapter = await gpu.requestAdapter().catch(() => null);
      if (adapter === null) return { ok: false, reason: 'navigator.gpu.requestAdapter() returned no adapter' };
      return { ok: true, reason: `adapter ${adapter.info?.vendor ?? '?'} / ${adapter.info?.architecture ?? '?'}` };
    });
  } finally {
    await page.close();
  }
}
