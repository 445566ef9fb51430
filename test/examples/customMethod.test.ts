import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { readImage } from '../../src/node/index.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

// examples/custom-method.ts: a user method defined outside the library runs through cam().
describe.runIf(process.env.TFJS_BACKEND === 'cpu')('examples/custom-method.ts', () => {
  it('explains a sample with its own weighting rule and writes the overlay', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'examples', 'custom-method.ts')], { cwd: root, timeout: 120_000 });
    const m = /max-grad-cam on base\/base_relu5, class (\d): cosine similarity to Grad-CAM ([\d.]+)/.exec(stdout);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(4); // cross
    expect(Number(m![2])).toBeGreaterThan(0.5);
    const png = await readImage(join(root, 'out', 'cross-max-grad-cam.png'));
    expect(png.shape).toEqual([96, 96, 3]);
    tf.dispose(png);
  });
});
