import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';

/** The part of HTMLCanvasElement and OffscreenCanvas that the drawing functions use. */
export interface Canvas2D {
  width: number;
  height: number;
  getContext(contextId: '2d'): { putImageData(data: ImageData, dx: number, dy: number): void } | null;
}

/** A canvas and its 2D context, checked by {@link canvas2d}. */
export interface CheckedCanvas {
  canvas: Canvas2D;
  ctx: { putImageData(data: ImageData, dx: number, dy: number): void };
}

/**
 * Checks that `canvas` is a canvas (HTMLCanvasElement or OffscreenCanvas) with a 2D context and
 * returns both. Changes nothing but creating the 2D context if the canvas had none.
 *
 * @param fn - the public function's name, used in messages.
 * @throws CamError `INVALID_INPUT` when `canvas` is not a canvas; `WRONG_RUNTIME` when it gives no
 *   2D context (it holds a webgl or bitmaprenderer context already).
 * @internal
 */
export function canvas2d(fn: string, canvas: unknown): CheckedCanvas {
  const target = canvas as Canvas2D;
  if (typeof target !== 'object' || target === null || typeof target.getContext !== 'function') {
    throw new CamError('INVALID_INPUT', `${fn}(): canvas must be an HTMLCanvasElement or OffscreenCanvas; received ${describeValue(canvas)}.`);
  }
  const ctx = target.getContext('2d');
  if (ctx === null || typeof ctx !== 'object') {
    throw new CamError(
      'WRONG_RUNTIME',
      `${fn}(): canvas.getContext('2d') returned ${String(ctx)}: the canvas already holds another ` +
        `context (webgl, bitmaprenderer) or this runtime has no 2D canvas; draw on a fresh canvas, or in Node ` +
        `import from 'tfjs-gradcam/node' and write the image with encodePng or writePng.`,
    );
  }
  return { canvas: target, ctx };
}
