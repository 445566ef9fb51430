import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import type { BytesSource, DrawableSource } from './classifySource.js';
import { discardScratch, scratchContext } from './scratchContext.js';

/** int32 `[H, W, channels]` from RGBA bytes. */
function fromBytes(data: ArrayLike<number>, width: number, height: number, channels: 3 | 4): tf.Tensor3D {
  const n = width * height;
  const out = new Int32Array(n * channels);
  for (let p = 0; p < n; p++) for (let c = 0; c < channels; c++) out[p * channels + c] = data[p * 4 + c]!;
  return tf.tensor3d(out, [height, width, channels], 'int32');
}

/**
 * Reads a classified image source into an int32 `[H, W, channels]` tensor of 0..255 values.
 *
 * Bytes are copied as they are. On a backend with its own `FromPixels` kernel (webgl, webgpu) a
 * canvas or bitmap goes straight to `tf.browser.fromPixels`, which uploads it to the GPU; an
 * `<img>` is first drawn at its natural size on the adapter's scratch canvas (tfjs would use its
 * displayed size), and so is a video frame (tfjs-backend-webgl draws frames on a 2D canvas too;
 * tfjs-backend-webgpu 4.22 imports them as external textures by default, and reading the result
 * then failed in Chromium 156 with a `mapAsync` AbortError). Elsewhere (cpu, wasm) the source is drawn on the scratch canvas
 * and read back with `getImageData`, which also covers canvases holding a WebGL or bitmaprenderer
 * context.
 *
 * @param fn - the public function's name, used in messages.
 * @returns a new int32 tensor; the caller owns it.
 * @throws CamError `INVALID_INPUT` for a cross-origin source without CORS (a tainted canvas);
 *   `WRONG_RUNTIME` when drawing is needed and the runtime has no canvas.
 * @internal
 */
export function readPixels(fn: string, source: BytesSource | DrawableSource, channels: 3 | 4): tf.Tensor3D {
  if (source.kind === 'bytes') return fromBytes(source.data, source.width, source.height, channels);
  const { width, height } = source;
  const gpuKernel = tf.getKernel('FromPixels', tf.getBackend()) !== undefined;
  try {
    if (gpuKernel && (source.kind === 'canvas' || source.kind === 'bitmap')) {
      try {
        return tf.browser.fromPixels(source.drawable as HTMLCanvasElement, channels);
      } catch (e) {
        // webgpu cannot copy from a canvas that has no rendering context yet: draw it instead.
        if ((e as { name?: unknown } | null)?.name === 'SecurityError') throw e;
      }
    }
    const ctx = scratchContext(fn, width, height);
    ctx.drawImage(source.drawable as CanvasImageSource, 0, 0, width, height);
    if (gpuKernel) return tf.browser.fromPixels(ctx.canvas as HTMLCanvasElement, channels);
    return fromBytes(ctx.getImageData(0, 0, width, height).data, width, height, channels);
  } catch (e) {
    if (e instanceof CamError) throw e;
    if ((e as { name?: unknown } | null)?.name === 'SecurityError') {
      discardScratch();
      throw new CamError(
        'INVALID_INPUT',
        `${fn}(): the ${source.kind} comes from another origin without CORS, so the browser forbids reading its pixels ` +
          `(${(e as Error).message}); serve it with an Access-Control-Allow-Origin header and set img.crossOrigin = 'anonymous' ` +
          '(or video.crossOrigin) before setting src.',
      );
    }
    throw e;
  }
}
