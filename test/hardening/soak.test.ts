// The soak loop of `npm run soak` (bench/soakLoop.ts), shortened: every phase runs (Grad-CAM on a
// small net and on the MobileNetV2-like net, every built-in method, guided backpropagation, the Node
// adapter's readImage → gradCam → saveOverlay), and the tensor count and byte total must be
// identical at every sample after the warm-up.
//
// Memory is judged by window medians (the last quarter of the samples against the first quarter)
// after a forced full GC: heap growth under 5% plus an 8 MiB noise floor, RSS under 5% plus 64 MiB.
// A short run cannot tell a slow leak from allocator noise (RSS especially: the wasm heap and the
// allocator's arenas grow in steps), so these bounds catch only gross leaks; a leak of one tensor per
// call, or of a cached tensor per call, fails the exact tensor checks at once. `npm run soak` holds
// RSS and heap to 5% over 10,000 + 1,000 calls.
//
// On wasm (the backend of `npm run soak`) the small net is the 96×96 demo net and the MobileNetV2-like
// net runs at 96×96. The cpu backend is ~25× slower on these nets, so there the small phases use a
// 16×16 nested functional net and the MobileNetV2-like phase is skipped.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soakLoop.js';
import { randomInput, zoo } from '../fixtures/models.js';

const wasm = process.env.TFJS_BACKEND === 'wasm';

describe('soak (shortened)', () => {
  const tiny = zoo.nestedFunctional(61);
  const tinyX = randomInput([1, 16, 16, 3], 62) as tf.Tensor4D;
  afterAll(() => {
    tinyX.dispose();
    tiny.model.dispose();
  });

  it('hundreds of calls of every kind leave tensors, bytes and memory flat', async () => {
    const before = tf.memory().numTensors;
    const report = await runSoak({
      small: 300,
      mobilenet: wasm ? 20 : 0,
      mobilenetSize: 96,
      methods: 8,
      guided: 20,
      adapter: wasm ? 20 : 8,
      samples: 8,
      maxGrowth: 0.05,
      slackBytes: 8 * 2 ** 20,
      rssSlackBytes: 64 * 2 ** 20,
      strictRssCalls: Infinity,
      net: wasm ? undefined : { name: 'nested functional 16×16', model: tiny.model, input: tinyX },
    });
    expect(report.gcForced).toBe(true);
    expect(report.phases).toHaveLength(wasm ? 14 : 13);
    for (const p of report.phases) {
      expect(p.failures, p.name).toEqual([]);
      expect([p.tensors.min, p.tensors.max], p.name).toEqual([p.tensors.base, p.tensors.base]);
      expect([p.bytes.min, p.bytes.max], p.name).toEqual([p.bytes.base, p.bytes.base]);
      expect(p.heapGrowth, p.name).toBeLessThan(0.05 + (8 * 2 ** 20) / p.heap.min);
      expect(p.msMedian).toBeGreaterThan(0);
    }
    expect(report.ok).toBe(true);
    // The loop frees its own models and inputs.
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);
});
