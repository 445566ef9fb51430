import * as tf from '@tensorflow/tfjs-core';
import type { CamResult } from '../core/camResult.js';
import { CamError } from '../core/errors.js';
import type { ColormapLike } from '../colormaps/colormap.js';
import { colorize } from '../colormaps/colorize.js';
import { resolveColormap } from '../colormaps/resolveColormap.js';
import { describeValue } from '../ops/describeValue.js';
import { overlay } from '../ops/overlay.js';
import { resizeMap } from '../ops/resizeMap.js';
import { CHAR_ADVANCE, drawText, GLYPH_HEIGHT, LINE_ADVANCE } from './drawText.js';
import { panelCaption } from './panelCaption.js';
import { wrapText } from './wrapText.js';

/**
 * Options of {@link renderPanel} (and `savePanel` in `tfjs-gradcam/node`); every field is optional.
 * @example
 * ```ts
 * const options: PanelOptions = { labels: ['cat', 'dog'], box: [10, 20, 110, 140], scale: 2, colormap: 'turbo' };
 * const panel = await renderPanel(image, result, options); // int32 [2H + strip, 6W, 3]
 * panel.dispose();
 * ```
 * @category Panels
 */
export interface PanelOptions {
  /** Which sample of a batched result (and batched image) to draw. Default 0. */
  sampleIndex?: number;
  /** Class names by index, written in the caption instead of `class 3`. */
  labels?: readonly string[];
  /**
   * A box `[x0, y0, x1, y1]` in image pixels (end-exclusive: `x0 ≤ x < x1`), e.g. the object's
   * ground truth, outlined in white (1 pixel) on the overlay panel.
   */
  box?: [number, number, number, number];
  /** Weight of the heatmap in the overlay panel, in [0, 1]. Default 0.5. */
  alpha?: number;
  /** Colormap of the heatmap and overlay panels. Default `'jet'`. */
  colormap?: ColormapLike;
  /** Integer factor by which the three panels are enlarged (nearest neighbour). Default 1. */
  scale?: number;
  /**
   * Caption text replacing the automatic one (`label (class k), score s, method, layer name`).
   * Printable ASCII is drawn; other characters become `?`; `\n` starts a new line.
   */
  caption?: string;
  /**
   * Integer size of a font pixel (the font is 5×8). Default: `max(1, round(panel height / 150))`,
   * where the panel height includes `scale`.
   */
  textScale?: number;
}

/** The subset of a {@link CamResult} a panel reads. @internal */
type PanelResult = Pick<CamResult, 'heatmap' | 'classIndex' | 'score' | 'layerName' | 'method'>;

const FN = 'renderPanel()';
/** Caption strip colours: near-black background, white text. */
const STRIP_BACKGROUND = 24;
const TEXT_COLOR: [number, number, number] = [255, 255, 255];

/**
 * Draws one explained image as a panel: **image | heatmap | overlay** side by side, above a dark
 * strip with a caption (the class, its label, the score, the method and the layer) written in the
 * project's own 5×8 bitmap font — no canvas or font library needed, so it runs in Node, browsers
 * and Deno alike.
 *
 * Each of the three panels has the image's size (times `scale`). A heatmap of another size (for
 * example computed on a 224×224 model input for a larger photo) is first resized to the image
 * with bilinear interpolation (half-pixel centres), exactly as `resizeMap` does; the overlay
 * panel then equals `overlay(image, heatmap, { alpha, colormap })` and the heatmap panel
 * `applyColormap(heatmap, colormap)`, byte for byte.
 *
 * Layout (at `scale = 1`, width `W`, height `H`): columns `[0, W)` image, `[W, 2W)` heatmap,
 * `[2W, 3W)` overlay; rows `[0, H)` panels, then the strip: `3·t` pixels of padding, the caption
 * lines every `9·t` pixels (`t` = `textScale`), `3·t` pixels of padding. The caption is wrapped to
 * the panel width.
 *
 * @param image - the RGB image the map explains, values in [0, 255]: `[H, W, 3]` or
 *   `[B, H, W, 3]` (then sample `sampleIndex`, or the only one when B = 1); any dtype. Not disposed.
 * @param result - a {@link CamResult} (only `heatmap`, `classIndex`, `score`, `layerName` and
 *   `method` are read); not disposed.
 * @param options - see {@link PanelOptions}.
 * @returns a new int32 tensor `[H·scale + strip, 3·W·scale, 3]` with values in [0, 255]; the
 *   caller owns it.
 * @throws CamError `INVALID_INPUT` for an image or result of the wrong shape, `INVALID_OPTION`
 *   for a bad option (sample index out of range, a box outside the image, a non-integer scale),
 *   `INVALID_COLORMAP`.
 * @example
 * ```ts
 * const result = gradCam(model, preprocessImage(image, { size: [224, 224] }));
 * const panel = await renderPanel(image, result, { labels: ['cat', 'dog'] });  // [H + strip, 3W, 3]
 * await tf.browser.toPixels(panel, canvas);   // or writePng('panel.png', panel) in Node
 * panel.dispose();
 * result.dispose();
 * ```
 * @category Panels
 */
export async function renderPanel(
  image: tf.Tensor3D | tf.Tensor4D,
  result: Pick<CamResult, 'heatmap' | 'classIndex' | 'score' | 'layerName' | 'method'>,
  options: PanelOptions = {},
): Promise<tf.Tensor3D> {
  const o = checkPanelOptions(options, FN);
  const { heatmap } = checkPanelResult(result, FN);
  if (!(image instanceof tf.Tensor) || (image.rank !== 3 && image.rank !== 4) || image.shape[image.rank - 1] !== 3 || image.isDisposed) {
    throw new CamError('INVALID_INPUT', `${FN}: image must be an RGB tensor [H, W, 3] or [B, H, W, 3] with values in 0..255; received ${describeValue(image)}.`);
  }
  const batch = heatmap.shape[0];
  const imageBatch = image.rank === 4 ? image.shape[0]! : 1;
  if (o.sampleIndex >= batch || (imageBatch > 1 && o.sampleIndex >= imageBatch)) {
    throw new CamError('INVALID_OPTION', `${FN}: options.sampleIndex ${o.sampleIndex} is out of range: the result holds ${batch} map(s) and the image ${imageBatch} image(s).`);
  }
  if (imageBatch > 1 && imageBatch !== batch) {
    throw new CamError('INVALID_INPUT', `${FN}: the image batch has ${imageBatch} images but the result ${batch} maps; pass the batch the result explains, or one image.`);
  }
  const [height, width] = image.rank === 4 ? image.shape.slice(1, 3) : image.shape.slice(0, 2);
  if (o.box) checkBox(o.box, width!, height!, FN);

  const [classes, scores] = await Promise.all([result.classIndex.data(), result.score.data()]);
  const caption = o.caption ?? panelCaption(classes[o.sampleIndex]!, scores[o.sampleIndex]!, result.method, result.layerName, o.labels);

  const row = panelRow(image, heatmap, o.sampleIndex, [height!, width!], o);
  let pixels: Int32Array;
  try {
    pixels = (await row.data()) as Int32Array;
  } finally {
    row.dispose();
  }
  const [rowHeight, rowWidth] = [height! * o.scale, width! * 3 * o.scale];
  if (o.box) outlineBox(pixels, rowWidth, o.box, o.scale, 2 * width! * o.scale);

  const t = o.textScale ?? Math.max(1, Math.round(rowHeight / 150));
  const pad = 3 * t;
  const lines = wrapText(caption, (rowWidth - 2 * pad + t) / (CHAR_ADVANCE * t));
  const stripHeight = 2 * pad + (lines.length - 1) * LINE_ADVANCE * t + GLYPH_HEIGHT * t;
  const out = new Int32Array((rowHeight + stripHeight) * rowWidth * 3);
  out.set(pixels);
  out.fill(STRIP_BACKGROUND, pixels.length);
  const raster = { width: rowWidth, height: rowHeight + stripHeight, data: out };
  lines.forEach((line, k) => drawText(raster, line, pad, rowHeight + pad + k * LINE_ADVANCE * t, t, TEXT_COLOR));
  return tf.tensor3d(out, [rowHeight + stripHeight, rowWidth, 3], 'int32');
}

/** image | colour map | overlay for one sample, enlarged, int32 [H·s, 3W·s, 3]. */
function panelRow(image: tf.Tensor3D | tf.Tensor4D, heatmap: tf.Tensor3D, i: number, size: [number, number], o: ResolvedPanelOptions): tf.Tensor3D {
  return tf.tidy(() => {
    const img = (image.rank === 4 ? tf.slice(image, [image.shape[0] === 1 ? 0 : i, 0, 0, 0], [1, -1, -1, -1]) : tf.expandDims(image, 0)) as tf.Tensor4D;
    let map = tf.slice(heatmap, [i, 0, 0], [1, -1, -1]);
    if (map.shape[1] !== size[0] || map.shape[2] !== size[1]) map = resizeMap(map, size);
    const bytes = tf.cast(tf.clipByValue(tf.round(tf.cast(img, 'float32')), 0, 255), 'int32');
    const colour = colorize(map, o.colormap);
    const blended = overlay(img, map, { alpha: o.alpha, colormap: o.colormap });
    let row = tf.concat([bytes, colour, blended], 2) as tf.Tensor4D;
    if (o.scale > 1) row = tf.cast(tf.image.resizeNearestNeighbor(row, [size[0] * o.scale, size[1] * 3 * o.scale]), 'int32');
    return tf.squeeze(row, [0]) as tf.Tensor3D;
  });
}

/** Outlines an end-exclusive box (image pixels) in white on the overlay panel of a row. */
function outlineBox(px: Int32Array, width: number, [x0, y0, x1, y1]: number[], scale: number, xOffset: number): void {
  const set = (x: number, y: number) => px.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
  const [a, b, c, d] = [x0! * scale + xOffset, y0! * scale, x1! * scale - 1 + xOffset, y1! * scale - 1];
  for (let x = a; x <= c; x++) (set(x, b), set(x, d));
  for (let y = b; y <= d; y++) (set(a, y), set(c, y));
}

interface ResolvedPanelOptions {
  sampleIndex: number;
  labels?: readonly string[];
  box?: [number, number, number, number];
  alpha: number;
  colormap: ReturnType<typeof resolveColormap>;
  scale: number;
  caption?: string;
  textScale?: number;
}

/**
 * Validates {@link PanelOptions} and fills in the defaults.
 * @internal
 */
export function checkPanelOptions(options: PanelOptions, fn: string): ResolvedPanelOptions {
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `${fn}: options must be an object { sampleIndex?, labels?, box?, alpha?, colormap?, scale?, caption?, textScale? }; received ${describeValue(options)}.`);
  }
  const { sampleIndex = 0, labels, box, alpha = 0.5, colormap = 'jet', scale = 1, caption, textScale } = options;
  const positiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  if (!(typeof sampleIndex === 'number' && Number.isInteger(sampleIndex) && sampleIndex >= 0)) {
    throw new CamError('INVALID_OPTION', `${fn}: options.sampleIndex must be a non-negative integer (default 0); received ${describeValue(sampleIndex)}.`);
  }
  if (labels !== undefined && !(Array.isArray(labels) && labels.every((l) => typeof l === 'string'))) {
    throw new CamError('INVALID_OPTION', `${fn}: options.labels must be an array of class names (strings); received ${describeValue(labels)}.`);
  }
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new CamError('INVALID_OPTION', `${fn}: options.alpha is the weight of the heatmap and must be a number in [0, 1] (default 0.5); received ${describeValue(alpha)}.`);
  }
  if (!positiveInt(scale) || scale > 64) {
    throw new CamError('INVALID_OPTION', `${fn}: options.scale must be an integer from 1 to 64 (default 1); received ${describeValue(scale)}.`);
  }
  if (textScale !== undefined && (!positiveInt(textScale) || textScale > 64)) {
    throw new CamError('INVALID_OPTION', `${fn}: options.textScale must be an integer from 1 to 64, or omitted for automatic; received ${describeValue(textScale)}.`);
  }
  if (caption !== undefined && typeof caption !== 'string') {
    throw new CamError('INVALID_OPTION', `${fn}: options.caption must be a string, or omitted for the automatic caption; received ${describeValue(caption)}.`);
  }
  if (box !== undefined && !(Array.isArray(box) && box.length === 4 && box.every((v) => Number.isInteger(v)))) {
    throw new CamError('INVALID_OPTION', `${fn}: options.box must be [x0, y0, x1, y1], four integers in image pixels (end-exclusive); received ${describeValue(box)}.`);
  }
  return { sampleIndex, labels, box, alpha, colormap: resolveColormap(fn.replace(/\(\)$/, ''), colormap), scale, caption, textScale };
}

/**
 * Checks the parts of a CAM result a panel reads.
 * @internal
 */
export function checkPanelResult(result: PanelResult, fn: string): PanelResult {
  const r = result as Partial<PanelResult> | null;
  const tensorOk = (t: unknown, rank: number) => t instanceof tf.Tensor && t.rank === rank && !t.isDisposed;
  if (r === null || typeof r !== 'object' || !tensorOk(r.heatmap, 3) || !tensorOk(r.classIndex, 1) || !tensorOk(r.score, 1) || typeof r.layerName !== 'string' || typeof r.method !== 'string') {
    const heat = r !== null && typeof r === 'object' ? ` (its heatmap is ${describeValue(r.heatmap)})` : '';
    throw new CamError(
      'INVALID_INPUT',
      `${fn}: result must be a CamResult { heatmap [B, H, W], classIndex [B], score [B], layerName, method } whose tensors are not disposed; received ${describeValue(result)}${heat}.`,
    );
  }
  return r as PanelResult;
}

function checkBox([x0, y0, x1, y1]: number[], width: number, height: number, fn: string): void {
  if (!(x0! >= 0 && y0! >= 0 && x0! < x1! && y0! < y1! && x1! <= width && y1! <= height)) {
    throw new CamError('INVALID_OPTION', `${fn}: options.box [${[x0, y0, x1, y1].join(', ')}] does not fit the ${width}x${height} image; need 0 <= x0 < x1 <= ${width} and 0 <= y0 < y1 <= ${height}.`);
  }
}
