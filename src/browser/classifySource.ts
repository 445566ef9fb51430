import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';

/** RGBA bytes already in memory (an `ImageData` or an object shaped like one). */
export interface BytesSource {
  kind: 'bytes';
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/** Something `drawImage` can draw, with its pixel size. */
export interface DrawableSource {
  kind: 'image' | 'video' | 'canvas' | 'bitmap';
  drawable: CanvasImageSource | OffscreenCanvas;
  width: number;
  height: number;
}

const ALLOWED =
  'allowed: a loaded HTMLImageElement, an HTMLCanvasElement or OffscreenCanvas, an ImageBitmap, an HTMLVideoElement ' +
  'with a current frame, or an ImageData ({ data, width, height } with width·height·4 RGBA bytes)';

/** `globalThis[name]` when it is a constructor, else undefined (workers and Node lack most DOM classes). */
function ctor(name: string): (abstract new (...args: never[]) => unknown) | undefined {
  const c = (globalThis as Record<string, unknown>)[name];
  return typeof c === 'function' ? (c as abstract new (...args: never[]) => unknown) : undefined;
}

function isInstance(x: object, name: string): boolean {
  const c = ctor(name);
  return c !== undefined && x instanceof c;
}

function positiveSize(fn: string, what: string, width: number, height: number, fix: string): void {
  if (!(width > 0 && height > 0)) {
    throw new CamError('INVALID_INPUT', `${fn}(): ${what} is ${width}×${height} pixels; an image needs a width and height of at least 1. ${fix}`);
  }
}

/**
 * Tells which kind of image `source` is and checks that it has pixels to read: an image that has
 * loaded, a video with a current frame, a canvas or bitmap that is not empty or closed, ImageData
 * bytes of the right length. Reads no pixel and creates no tensor.
 *
 * @param fn - the public function's name, used in messages.
 * @throws CamError `INVALID_INPUT` naming what was received and what is allowed.
 * @internal
 */
export function classifySource(fn: string, source: unknown): BytesSource | DrawableSource {
  if (source === null || typeof source !== 'object') {
    const nodeHint =
      typeof source === 'string'
        ? ' To read an image file in Node, use readImage() from \'tfjs-gradcam/node\'; in a browser, load it into an <img> first (await img.decode()).'
        : '';
    throw new CamError('INVALID_INPUT', `${fn}(): source must be an image; received ${describeValue(source)}; ${ALLOWED}.${nodeHint}`);
  }
  const s = source as Record<string, unknown>;
  if (isInstance(source, 'HTMLImageElement')) {
    const img = source as HTMLImageElement;
    if (!img.complete || img.naturalWidth === 0 || img.naturalHeight === 0) {
      const state = img.complete ? 'is broken (it failed to load, or has no intrinsic size)' : 'has not finished loading';
      throw new CamError(
        'INVALID_INPUT',
        `${fn}(): the <img> (src ${JSON.stringify(img.currentSrc || img.src).slice(0, 80)}) ${state}; ` +
          'wait for it with `await img.decode()` (or its load event) before reading its pixels.',
      );
    }
    return { kind: 'image', drawable: img, width: img.naturalWidth, height: img.naturalHeight };
  }
  if (isInstance(source, 'HTMLVideoElement')) {
    const video = source as HTMLVideoElement;
    if (video.readyState < 2 || video.videoWidth === 0 || video.videoHeight === 0) {
      throw new CamError(
        'INVALID_INPUT',
        `${fn}(): the <video> has no current frame yet (readyState ${video.readyState}, ${video.videoWidth}×${video.videoHeight}); ` +
          "wait for its 'loadeddata' event (readyState >= 2) before reading it.",
      );
    }
    return { kind: 'video', drawable: video, width: video.videoWidth, height: video.videoHeight };
  }
  if (isInstance(source, 'HTMLCanvasElement') || isInstance(source, 'OffscreenCanvas')) {
    const canvas = source as HTMLCanvasElement | OffscreenCanvas;
    positiveSize(fn, 'the canvas', canvas.width, canvas.height, 'Draw something on a sized canvas first.');
    return { kind: 'canvas', drawable: canvas, width: canvas.width, height: canvas.height };
  }
  if (isInstance(source, 'ImageBitmap')) {
    const bitmap = source as ImageBitmap;
    positiveSize(fn, 'the ImageBitmap', bitmap.width, bitmap.height, 'A closed bitmap (bitmap.close()) has no pixels left: read it before closing it.');
    return { kind: 'bitmap', drawable: bitmap, width: bitmap.width, height: bitmap.height };
  }
  const data = s.data;
  if (isInstance(source, 'ImageData') || data instanceof Uint8ClampedArray || data instanceof Uint8Array) {
    const { width, height } = s as { width: unknown; height: unknown };
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
    if (!ok(width) || !ok(height)) {
      throw new CamError('INVALID_INPUT', `${fn}(): image data has width ${describeValue(width)} and height ${describeValue(height)}; both must be positive integers.`);
    }
    const bytes = data as Uint8ClampedArray | Uint8Array;
    if (bytes.length !== width * height * 4) {
      throw new CamError(
        'INVALID_INPUT',
        `${fn}(): image data holds ${bytes.length} bytes but a ${width}×${height} RGBA image needs ${width * height * 4} (width·height·4); ` +
          'pass RGBA bytes, row by row.',
      );
    }
    return { kind: 'bytes', data: bytes, width, height };
  }
  let hint = '';
  if (typeof s.dataSync === 'function') hint = ' It is already a tensor: pass it to the model directly.';
  else if (typeof (globalThis as { document?: unknown }).document === 'undefined' && ctor('OffscreenCanvas') === undefined) {
    hint = " This runtime has no DOM: in Node read image files with readImage() from 'tfjs-gradcam/node'.";
  }
  const name = (source as { constructor?: { name?: unknown } }).constructor?.name;
  const what = typeof name === 'string' && name !== 'Object' && name !== '' && hint === '' ? `${describeValue(source)} (${name})` : describeValue(source);
  throw new CamError('INVALID_INPUT', `${fn}(): source is not an image; received ${what}; ${ALLOWED}.${hint}`);
}
