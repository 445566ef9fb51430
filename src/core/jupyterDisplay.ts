import * as tf from '@tensorflow/tfjs-core';
import type { ColormapLike } from '../colormaps/colormap.js';
import { colorize } from '../colormaps/colorize.js';
import { resolveColormap } from '../colormaps/resolveColormap.js';
import { describeValue } from '../ops/describeValue.js';
import { overlay } from '../ops/overlay.js';
import { encodePngBytes } from './encodePngBytes.js';
import { CamError } from './errors.js';

/**
 * A Jupyter MIME bundle: a PNG (base64) for notebooks and a one-line summary for consoles.
 * @example
 * ```ts
 * const bundle: JupyterDisplayBundle = jupyterDisplay(heatmap);
 * console.log(bundle['text/plain'], bundle['image/png'].length);
 * ```
 * @category Notebooks
 */
export interface JupyterDisplayBundle {
  /** Base64 of a PNG file. */
  'image/png': string;
  /** A summary: method, layer, classes and scores, or the heatmap's shape and range. */
  'text/plain': string;
}

/**
 * The parts of a {@link CamResult} that {@link jupyterDisplay} shows (a CamResult is one). Its
 * tensors stay the caller's; nothing is disposed.
 * @example
 * ```ts
 * const maps: CamResultLike = { heatmap, method: 'my-method', layerName: 'conv5' };
 * display(maps);
 * ```
 * @category Notebooks
 */
export interface CamResultLike {
  /** `[B, H, W]` (or `[H, W]`) maps with values in [0, 1]. */
  heatmap: tf.Tensor;
  /** Method name for the summary (`'grad-cam'`). */
  method?: string;
  /** Explained layer for the summary. */
  layerName?: string;
  /** `[B]` explained classes for the summary. */
  classIndex?: tf.Tensor;
  /** `[B]` explained scores for the summary. */
  score?: tf.Tensor;
}

/**
 * Options of {@link jupyterDisplay} and {@link display}; every field is optional.
 * @example
 * ```ts
 * const options: JupyterDisplayOptions = { image, alpha: 0.4, colormap: 'turbo', scale: 2, maxMaps: 4 };
 * display(result, options);
 * ```
 * @category Notebooks
 */
export interface JupyterDisplayOptions {
  /**
   * RGB image(s) with values in 0..255, `[H, W, 3]` or `[B, H, W, 3]` (one for all maps, or one per
   * map). With an image each row shows the image and the overlay; without, the coloured map.
   * The map is resized to the image when their sizes differ.
   */
  image?: tf.Tensor3D | tf.Tensor4D;
  /** Weight of the heatmap in the overlay, in [0, 1]. Default 0.5. */
  alpha?: number;
  /** Colormap name or object; default `'jet'`. */
  colormap?: ColormapLike;
  /**
   * Integer zoom (nearest neighbour) of each panel. Default: the smallest that makes a panel at
   * least 128 pixels tall, at most 8.
   */
  scale?: number;
  /** Show at most this many maps of a batch (the first ones). Default 8. */
  maxMaps?: number;
}

const GAP = 2;

function toBase64(bytes: Uint8Array): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += abc[n >> 18]! + abc[(n >> 12) & 63]! + abc[(n >> 6) & 63]! + abc[n & 63]!;
  }
  if (i < bytes.length) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += abc[n >> 18]! + abc[(n >> 12) & 63]! + (i + 1 < bytes.length ? abc[(n >> 6) & 63]! : '=') + '=';
  }
  return out;
}

const fmt = (values: ArrayLike<number>, digits: number): string =>
  `[${Array.from(values, (v) => (Number.isInteger(v) && digits === 0 ? String(v) : v.toFixed(digits))).join(', ')}]`;

function checkLiveTensor(what: string, t: unknown): tf.Tensor {
  if (!(t instanceof tf.Tensor)) {
    throw new CamError('INVALID_INPUT', `jupyterDisplay(): ${what} must be a tf.Tensor; received ${describeValue(t)}.`);
  }
  if (t.isDisposed) {
    throw new CamError('INVALID_INPUT', `jupyterDisplay(): ${what} is a disposed tensor; display the result before calling result.dispose().`);
  }
  if (t.dtype === 'string' || t.dtype === 'complex64') {
    throw new CamError('INVALID_INPUT', `jupyterDisplay(): ${what} has dtype ${t.dtype}; allowed: a numeric tensor (a heatmap with values in [0, 1]).`);
  }
  return t;
}

/**
 * Renders a heatmap (or a {@link CamResult}) as a Jupyter MIME bundle, synchronously and in any
 * runtime: a PNG encoded in plain JavaScript (no zlib, no DOM) and a text summary. Deno's Jupyter
 * kernel shows an object inline when it has a `[Symbol.for('Jupyter.display')]()` method returning
 * such a bundle; {@link display} wraps this function in one.
 *
 * Each map of a batch (up to `maxMaps`) is one row: the coloured map, or, with `image`, the image
 * and the overlay (`round((1 − alpha) · image + alpha · colour)`, as {@link overlay}). Values are
 * read with `dataSync()` (a notebook backend — cpu or wasm — answers at once). Nothing passed in is
 * disposed and no tensor is left behind.
 *
 * @param value - a heatmap `[H, W]` or `[B, H, W]` with values in [0, 1], or a result with a
 *   `heatmap` (its method, layer, classes and scores go into the summary).
 * @param options - `{ image?, alpha = 0.5, colormap = 'jet', scale?, maxMaps = 8 }`.
 * @returns `{ 'image/png': base64, 'text/plain': summary }`.
 * @throws CamError `INVALID_INPUT` for a heatmap or image of the wrong shape or a disposed tensor;
 *   `INVALID_OPTION` for a bad `alpha`, `scale` or `maxMaps`; `INVALID_COLORMAP`.
 * @example
 * ```ts
 * // In a Deno notebook cell:
 * const result = gradCam(model, x);
 * Deno.jupyter.display(jupyterDisplay(result, { image }), { raw: true });
 * ```
 * @category Notebooks
 */
export function jupyterDisplay(value: tf.Tensor | CamResultLike, options: JupyterDisplayOptions = {}): JupyterDisplayBundle {
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `jupyterDisplay(): options must be an object { image?, alpha?, colormap?, scale?, maxMaps? }; received ${describeValue(options)}.`);
  }
  const result = value instanceof tf.Tensor ? undefined : (value as CamResultLike | null);
  if (result !== undefined && (result === null || typeof result !== 'object' || !('heatmap' in result))) {
    throw new CamError('INVALID_INPUT', `jupyterDisplay(): value must be a heatmap tensor [H, W] or [B, H, W], or a CamResult; received ${describeValue(value)}.`);
  }
  const heatmap = checkLiveTensor(result ? 'result.heatmap' : 'heatmap', result ? result.heatmap : value);
  if (heatmap.rank !== 2 && heatmap.rank !== 3) {
    throw new CamError('INVALID_INPUT', `jupyterDisplay(): heatmap must be [H, W] or [B, H, W] with values in [0, 1]; received ${describeValue(heatmap)}.`);
  }
  const [mh, mw] = heatmap.shape.slice(-2) as [number, number];
  const batch = heatmap.rank === 3 ? heatmap.shape[0]! : 1;
  if (batch === 0 || mh === 0 || mw === 0) {
    throw new CamError('INVALID_INPUT', `jupyterDisplay(): heatmap has shape [${heatmap.shape.join(', ')}]; there is nothing to show.`);
  }
  const alpha = options.alpha ?? 0.5;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new CamError('INVALID_OPTION', `jupyterDisplay(): options.alpha must be a number in [0, 1] (default 0.5); received ${describeValue(alpha)}.`);
  }
  const maxMaps = options.maxMaps ?? 8;
  if (typeof maxMaps !== 'number' || !Number.isInteger(maxMaps) || maxMaps < 1) {
    throw new CamError('INVALID_OPTION', `jupyterDisplay(): options.maxMaps must be a positive integer (default 8); received ${describeValue(maxMaps)}.`);
  }
  const colormap = resolveColormap('jupyterDisplay', options.colormap ?? 'jet');
  const image = options.image === undefined ? undefined : checkLiveTensor('options.image', options.image);
  let height = mh;
  let width = mw;
  if (image !== undefined) {
    const ib = image.rank === 4 ? image.shape[0]! : 1;
    if ((image.rank !== 3 && image.rank !== 4) || image.shape[image.rank - 1] !== 3 || (ib !== 1 && ib !== batch)) {
      throw new CamError(
        'INVALID_INPUT',
        `jupyterDisplay(): options.image must be RGB [H, W, 3] or [B, H, W, 3] with B = 1 or ${batch} (one per map), values 0..255; received ${describeValue(image)}.`,
      );
    }
    [height, width] = image.shape.slice(image.rank - 3, image.rank - 1) as [number, number];
  }
  const scale = options.scale ?? Math.min(8, Math.max(1, Math.ceil(128 / height)));
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw new CamError('INVALID_OPTION', `jupyterDisplay(): options.scale must be an integer zoom in 1..64; received ${describeValue(scale)}.`);
  }
  const shown = Math.min(batch, maxMaps);
  const panels = image === undefined ? 1 : 2;
  const [outH, outW] = [shown * height * scale + (shown - 1) * GAP, panels * width * scale + (panels - 1) * GAP];

  const pixels = tf.tidy(() => {
    const maps = tf.reshape(tf.slice(tf.cast(heatmap, 'float32'), heatmap.rank === 3 ? [0, 0, 0] : [0, 0], heatmap.rank === 3 ? [shown, mh, mw] : [mh, mw]), [shown, mh, mw]);
    let fitted = maps;
    if (mh !== height || mw !== width) {
      fitted = tf.squeeze(tf.image.resizeBilinear(tf.expandDims(maps, 3) as tf.Tensor4D, [height, width], false, true), [3]);
    }
    let row: tf.Tensor4D;
    if (image === undefined) {
      row = colorize(fitted, colormap) as tf.Tensor4D;
    } else {
      let img = tf.cast(image.rank === 3 ? tf.expandDims(image, 0) : tf.slice(image, [0, 0, 0, 0], [Math.min(shown, image.shape[0]!), -1, -1, -1]), 'float32') as tf.Tensor4D;
      if (img.shape[0] !== shown) img = tf.tile(img, [shown, 1, 1, 1]);
      const blended = overlay(img, fitted as tf.Tensor3D, { alpha, colormap });
      row = tf.concat([tf.cast(tf.clipByValue(tf.round(img), 0, 255), 'int32'), blended], 2) as tf.Tensor4D;
    }
    // Zoom, then place the rows and columns with white gaps between them.
    let zoomed = row;
    if (scale > 1) zoomed = tf.cast(tf.image.resizeNearestNeighbor(row, [height * scale, row.shape[2]! * scale]), 'int32');
    const parts: tf.Tensor[] = [];
    for (let b = 0; b < shown; b++) {
      const one = tf.squeeze(tf.slice(zoomed, [b, 0, 0, 0], [1, -1, -1, -1]), [0]);
      if (panels === 2) {
        const left = tf.slice(one, [0, 0, 0], [-1, width * scale, -1]);
        const right = tf.slice(one, [0, width * scale, 0], [-1, width * scale, -1]);
        parts.push(tf.concat([left, tf.fill([height * scale, GAP, 3], 255, 'int32'), right], 1));
      } else {
        parts.push(one);
      }
      if (b < shown - 1) parts.push(tf.fill([GAP, outW, 3], 255, 'int32'));
    }
    return tf.concat(parts, 0).dataSync();
  });
  const png = encodePngBytes(Uint8Array.from(pixels), outW, outH, 3);

  const shape = `[${heatmap.shape.join(', ')}]`;
  let text: string;
  if (result !== undefined) {
    const pieces = [result.method ?? 'cam'];
    if (result.layerName !== undefined) pieces.push(`layer ${result.layerName}`);
    if (result.classIndex instanceof tf.Tensor && !result.classIndex.isDisposed) pieces.push(`class ${fmt(result.classIndex.dataSync(), 0)}`);
    if (result.score instanceof tf.Tensor && !result.score.isDisposed) pieces.push(`score ${fmt(result.score.dataSync(), 3)}`);
    pieces.push(`heatmap ${shape}`);
    text = pieces.join(' · ');
  } else {
    const [min, max] = tf.tidy(() => [tf.min(heatmap).dataSync()[0]!, tf.max(heatmap).dataSync()[0]!]);
    text = `heatmap ${shape} ${heatmap.dtype} · min ${min!.toFixed(3)} · max ${max!.toFixed(3)}`;
  }
  if (shown < batch) text += ` (showing the first ${shown} of ${batch} maps)`;
  return { 'image/png': toBase64(png), 'text/plain': text };
}
