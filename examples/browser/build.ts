/**
 * Builds the browser demo into a self-contained folder (default out/browser-demo/, ignored by git):
 * index.html, app.js (examples/browser/main.ts bundled with esbuild), the model, the sample images
 * and the wasm backend's binaries. Any static server can host the folder.
 *
 *   npm run demo:browser                       # build, then serve on http://127.0.0.1:8080/
 *   tsx examples/browser/build.ts [outDir]     # build only
 *   tsx examples/browser/build.ts --serve [--port 9000] [outDir]
 */
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './staticServer.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

/** Builds the demo into `outDir` and returns the folder. */
export async function buildDemo(outDir = join(repo, 'out', 'browser-demo')): Promise<string> {
  const out = resolve(outDir);
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'model'), { recursive: true });
  await mkdir(join(out, 'images'), { recursive: true });
  await mkdir(join(out, 'wasm'), { recursive: true });
  await build({
    entryPoints: [join(here, 'main.ts')],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    tsconfig: join(repo, 'tsconfig.json'), // maps 'tfjs-gradcam' and 'tfjs-gradcam/browser' to src/
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const copies: Array<[string, string]> = [[join(here, 'index.html'), join(out, 'index.html')]];
  for (const f of ['model.json', 'weights.bin']) copies.push([join(repo, 'examples', 'model', f), join(out, 'model', f)]);
  for (const f of await readdir(join(repo, 'examples', 'images'))) {
    if (/\.(png|json)$/.test(f)) copies.push([join(repo, 'examples', 'images', f), join(out, 'images', f)]);
  }
  const wasmDir = join(repo, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  for (const f of await readdir(wasmDir)) if (f.endsWith('.wasm')) copies.push([join(wasmDir, f), join(out, 'wasm', f)]);
  await Promise.all(copies.map(([from, to]) => copyFile(from, to)));
  return out;
}

async function cli(): Promise<void> {
  const args = process.argv.slice(2);
  const serve = args.includes('--serve');
  const portAt = args.indexOf('--port');
  const port = portAt >= 0 ? Number(args[portAt + 1]) : 8080;
  const positional = args.filter((a, i) => !a.startsWith('--') && (portAt < 0 || i !== portAt + 1));
  const out = await buildDemo(positional[0]);
  console.log(`Built the browser demo into ${relative(process.cwd(), out) || '.'}/`);
  if (!serve) return;
  const server = await startStaticServer({ mounts: { '/': out }, port });
  console.log(`Serving it on ${server.url} (Ctrl+C to stop). Add ?backend=wasm, webgpu or cpu to the URL to pick a backend.`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
