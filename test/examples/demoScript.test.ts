import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readImage } from '../../src/node/index.js';
import * as tf from '@tensorflow/tfjs-core';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

// The README's first command, end to end: the bundled model on the bundled images, files written.
describe.runIf(process.env.TFJS_BACKEND === 'cpu')('npm run demo', () => {
  it('explains the 12 samples, classifies them, and writes one panel per image', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tfjs-gradcam-demo-'));
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'examples', 'demo.ts'), out], { cwd: root, timeout: 120_000 });
      expect(stdout).toMatch(/layer "base\/base_relu5"/);
      const m = /(\d+)\/12 classified correctly; heatmap peak inside the object's box for (\d+)\/12/.exec(stdout);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(11);
      expect(Number(m![2])).toBeGreaterThanOrEqual(11);
      const files = (await readdir(out)).filter((f) => f.endsWith('-gradcam.png')).sort();
      expect(files).toHaveLength(12);
      const panel = await readImage(join(out, files[0]!));
      // image | heatmap | overlay, 96 px each, ×3, above one line of caption (text scale 2: 6 + 16 + 6 px).
      expect(panel.shape).toEqual([288 + 28, 864, 3]);
      tf.dispose(panel);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
