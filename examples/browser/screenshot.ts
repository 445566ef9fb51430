/**
 * Takes the README's screenshot of the browser demo, docs/images/browser-demo.png: builds the demo,
 * serves it, opens it in headless Chromium (wasm backend), picks a sample and captures the page
 * (saved as a palette PNG with sharp).
 *
 *   npx tsx examples/browser/screenshot.ts [sample file, default star-1.png] [output path]
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { buildDemo } from './build.js';
import { startStaticServer } from './staticServer.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

async function main(): Promise<void> {
  const file = process.argv[2] ?? 'star-1.png';
  const outPath = resolve(process.argv[3] ?? join(repo, 'docs', 'images', 'browser-demo.png'));
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const dir = await buildDemo(join(repo, 'out', 'browser-demo-screenshot'));
  const server = await startStaticServer({ mounts: { '/': dir } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1240, height: 760 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}?backend=wasm`);
    await page.waitForFunction(() => document.body.dataset.state === 'done', undefined, { timeout: 120_000 });
    const runs = await page.evaluate(() => (window as unknown as { demo: { runs: number } }).demo.runs);
    await page.click(`#samples img[data-file="${file}"]`);
    await page.waitForFunction((n) => document.body.dataset.state === 'done' && (window as unknown as { demo: { runs: number } }).demo.runs > n, runs, { timeout: 120_000 });
    const shot = await page.screenshot({ fullPage: true });
    // A 256-colour palette halves the file; the page has few colours besides the images.
    await mkdir(dirname(outPath), { recursive: true });
    await sharp(shot).png({ palette: true, effort: 10, compressionLevel: 9 }).toFile(outPath);
    console.log(`Wrote ${relative(process.cwd(), outPath)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
