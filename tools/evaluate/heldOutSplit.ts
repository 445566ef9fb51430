/**
 * The evaluation images: a class-balanced, deterministic subset of the demo model's held-out test
 * split, which examples/images/samples.json names (`source`: count, seed and size given to
 * `generateDataset`). The bundled sample images are the first two of each class of that split, so
 * the first image of each class here is the bundled `<class>-1.png`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataset } from '../../examples/shapes/dataset.js';

/** One evaluation image with its ground truth. */
export interface HeldOutSample {
  /** Index of the image in the generated test split. */
  index: number;
  /** RGB bytes, row-major, `size * size * 3` values. */
  image: Uint8Array;
  /** True class index. */
  label: number;
  /** The object's box `[x0, y0, x1, y1]`, end-exclusive pixel bounds. */
  box: [number, number, number, number];
}

/** Which `generateDataset(count, seed, size)` call produced the test split. */
export interface SplitSource {
  count: number;
  seed: number;
  size: number;
}

/** The selected samples and where they came from. */
export interface HeldOutSplit {
  source: SplitSource;
  /** Class names by index (from samples.json). */
  classes: string[];
  /** The samples in split order. */
  samples: HeldOutSample[];
}

/** The generated split, kept for later calls in the same process (about 33 MB for 1200 images). */
let generated: { key: string; samples: ReturnType<typeof generateDataset> } | undefined;

const samplesJson = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'images', 'samples.json');

/**
 * Picks `count` images of the held-out test split, balanced over the classes: class `c` gets
 * `floor(count / K) + (c < count % K ? 1 : 0)` images (K classes), the first ones of that class in
 * split order. The result is in split order and identical on every run.
 *
 * @param count - number of images, 1 to the split's size.
 * @returns the split's source, the class names and the samples.
 * @throws RangeError when `count` is not an integer in range or a class has too few images.
 * @example
 * ```ts
 * const { samples } = heldOutSplit(12); // 2 per class; samples[0] is circle-1.png's image
 * ```
 */
export function heldOutSplit(count: number): HeldOutSplit {
  const meta = JSON.parse(readFileSync(samplesJson, 'utf8')) as { classes: string[]; samples: { source: SplitSource }[] };
  const { count: total, seed, size } = meta.samples[0]!.source;
  const classes = meta.classes;
  if (!Number.isInteger(count) || count < 1 || count > total) {
    throw new RangeError(`heldOutSplit(): count must be an integer from 1 to ${total} (the test split's size); received ${count}`);
  }
  const k = classes.length;
  const quota = classes.map((_, c) => Math.floor(count / k) + (c < count % k ? 1 : 0));
  const samples: HeldOutSample[] = [];
  const key = `${total}/${seed}/${size}`;
  if (generated?.key !== key) generated = { key, samples: generateDataset(total, seed, size) };
  generated.samples.forEach((s, index) => {
    if (quota[s.label]! > 0) {
      quota[s.label]!--;
      samples.push({ index, image: s.image, label: s.label, box: s.box });
    }
  });
  if (samples.length !== count) {
    throw new RangeError(`heldOutSplit(): the test split holds too few images of some class for ${count} balanced samples`);
  }
  return { source: { count: total, seed, size }, classes, samples };
}
