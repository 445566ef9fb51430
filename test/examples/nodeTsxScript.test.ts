import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

/** Width and height from a PNG file's IHDR chunk. */
async function pngSize(path: string): Promise<[number, number]> {
  const b = await readFile(path);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

// examples/node-tsx.ts as a user runs it (npx tsx examples/node-tsx.ts <image> <out>).
describe.runIf(process.env.TFJS_BACKEND === 'cpu')('examples/node-tsx.ts', () => {
  it('explains an image with the demo model and writes a panel and an overlay', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tfjs-gradcam-node-tsx-'));
    try {
      const image = join(root, 'examples', 'images', 'cross-1.png');
      const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'examples', 'node-tsx.ts'), image, out], { cwd: root, timeout: 60_000 });
      expect(stdout).toMatch(/^cross-1\.png: cross \(class 4\), logit \d+\.\d{3}, layer base\/base_relu5$/m);
      expect(stdout).toContain(`wrote ${join(out, 'cross-1-panel.png')} and ${join(out, 'cross-1-overlay.png')}`);
      const [w, h] = await pngSize(join(out, 'cross-1-panel.png'));
      expect(w).toBe(3 * 96 * 3); // image | heatmap | overlay, enlarged 3x
      expect(h).toBeGreaterThan(96 * 3); // plus the caption strip
      expect(await pngSize(join(out, 'cross-1-overlay.png'))).toEqual([96, 96]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
