// The guides as documentation: every relative link and anchor resolves (as GitHub renders them),
// the committed colormap swatches are what the library renders, and the custom method the guide
// writes computes what it claims.
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cam, colormaps, colormapSwatch, defineCamMethod } from '../../src/index.js';
import { decodeImage } from '../../src/node/decodeImage.js';
import { guideColormaps } from '../../tools/docs/guideColormaps.js';
import { randomInput, sequentialNet } from '../fixtures/models.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pages = [
  ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f)),
  ...readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', 'guides', f)),
];

/** GitHub's heading anchor: lower case, punctuation other than '-' and '_' dropped, spaces to '-'. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1]!)));
}

/** Relative Markdown links and images of a page (code blocks and inline code left out). */
function links(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
}

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('docs: links', () => {
  it.each(pages.map((p) => [p.slice(root.length + 1), p] as const))('%s: relative links and anchors resolve', (_name, page) => {
    for (const link of links(page)) {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? page : resolve(dirname(page), path);
      expect(existsSync(target), `${link} in ${page}`).toBe(true);
      if (anchor !== undefined) expect(anchors(target).has(anchor), `anchor #${anchor} of ${link} in ${page}`).toBe(true);
    }
  });

  it("the index's typedoc children exist and every guide is among them", () => {
    const index = readFileSync(join(root, 'docs', 'README.md'), 'utf8');
    const front = /^---\n([\s\S]*?)\n---/.exec(index)![1]!;
    const children = [...front.matchAll(/^ {2}[^:]+: (\S+\.md)$/gm)].map((m) => m[1]!);
    for (const c of children) expect(existsSync(join(root, 'docs', c)), c).toBe(true);
    for (const g of readdirSync(join(root, 'docs', 'guides'))) expect(children).toContain(`guides/${g}`);
  });
});

describe('docs: colormap swatches', () => {
  it('every committed swatch equals colormapSwatch(cmap, 256, 16)', () => {
    const maps = { ...colormaps, ...guideColormaps() };
    const dir = join(root, 'docs', 'images', 'colormaps');
    expect(new Set(readdirSync(dir))).toEqual(new Set(Object.keys(maps).map((n) => `${n}.png`)));
    for (const [name, cmap] of Object.entries(maps)) {
      const png = decodeImage(readFileSync(join(dir, `${name}.png`)), name);
      const strip = colormapSwatch(cmap, 256, 16);
      expect(png.shape).toEqual([16, 256, 3]);
      expect(Array.from(png.dataSync()), name).toEqual(Array.from(strip.dataSync()));
      tf.dispose([png, strip]);
    }
  });
});

describe("docs: the custom methods guide's gradient-free method", () => {
  // The zero-ablation method of docs/guides/custom-methods-and-targets.md, as written there.
  const zeroAblation = defineCamMethod({
    name: 'zero-ablation',
    needsGradients: false,
    weights: (ctx) => {
      const [b, h, w, k] = ctx.activations.shape;
      const perSample: tf.Tensor1D[] = [];
      for (let s = 0; s < b; s++) {
        const a = tf.slice(ctx.activations, [s, 0, 0, 0], [1, h, w, k]);
        const lost: tf.Tensor1D[] = [];
        for (let start = 0; start < k; start += ctx.batchSize) {
          const n = Math.min(ctx.batchSize, k - start);
          const keep = tf.sub(1, tf.slice(tf.eye(k), [start, 0], [n, k]));
          const ablated = tf.mul(a, tf.reshape(keep, [n, 1, 1, k])) as tf.Tensor4D;
          const scores = ctx.scoreActivations(ablated, new Array<number>(n).fill(s));
          lost.push(tf.sub(tf.slice(ctx.score, [s], [1]), scores) as tf.Tensor1D);
        }
        perSample.push(tf.concat(lost) as tf.Tensor1D);
      }
      return tf.reshape(tf.stack(perSample), [b, 1, 1, k]) as tf.Tensor4D;
    },
  });
  const net = sequentialNet(21);
  const x = randomInput([2, 8, 8, 3], 9);
  afterAll(() => {
    x.dispose();
    net.model.dispose();
  });

  it('equals Ablation-CAM times the score at a ReLU layer (where Ablation-CAM also ablates to 0), leak-free', () => {
    const before = tf.memory().numTensors;
    const mine = cam(net.model, x, { method: zeroAblation, layerName: 'c3', batchSize: 2, classIndex: [1, 2] });
    const ref = cam(net.model, x, { method: 'ablation-cam', layerName: 'c3', classIndex: [1, 2] });
    expect(mine.method).toBe('zero-ablation');
    const y = ref.score.dataSync();
    const a = mine.raw.dataSync();
    const r = ref.raw.dataSync();
    const n = a.length / 2;
    const scale = Math.max(...Array.from(a, Math.abs));
    expect(scale).toBeGreaterThan(0);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - r[i]! * y[Math.floor(i / n)]!)).toBeLessThanOrEqual(1e-5 * scale);
    mine.dispose();
    ref.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
