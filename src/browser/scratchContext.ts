import { CamError } from '../core/errors.js';

/** The 2D context calls the browser adapter makes on its own scratch canvas. */
export type Scratch2D = Pick<CanvasRenderingContext2D, 'drawImage' | 'getImageData' | 'clearRect'> & {
  canvas: HTMLCanvasElement | OffscreenCanvas;
};

let scratch: Scratch2D | undefined;

/**
 * Forgets the scratch canvas, so the next {@link scratchContext} call makes a new one. Called after
 * a cross-origin image tainted it: a tainted canvas can never be read again.
 * @internal
 */
export function discardScratch(): void {
  scratch = undefined;
}

/**
 * A 2D context on a canvas owned by the browser adapter (an `OffscreenCanvas` where there is one, so
 * it works in workers too; else a detached `<canvas>`), resized to `width × height` and cleared.
 * It is created once with `willReadFrequently` (a CPU-backed canvas, fast to read back) and reused;
 * nothing the caller passed is drawn on.
 *
 * @param fn - the public function's name, used in messages.
 * @throws CamError `WRONG_RUNTIME` when the runtime has neither `OffscreenCanvas` nor `document`.
 * @internal
 */
export function scratchContext(fn: string, width: number, height: number): Scratch2D {
  if (scratch === undefined) {
    const g = globalThis as { OffscreenCanvas?: typeof OffscreenCanvas; document?: Document };
    let ctx: Scratch2D | null = null;
    if (typeof g.OffscreenCanvas === 'function') {
      ctx = new g.OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true }) as Scratch2D | null;
    }
    if (ctx === null && g.document !== undefined && typeof g.document.createElement === 'function') {
      ctx = g.document.createElement('canvas').getContext('2d', { willReadFrequently: true }) as Scratch2D | null;
    }
    if (ctx === null) {
      throw new CamError(
        'WRONG_RUNTIME',
        `${fn}(): reading this image needs a 2D canvas (OffscreenCanvas or document) and this runtime has none; ` +
          "pass an ImageData instead, or in Node read files with readImage() from 'tfjs-gradcam/node'.",
      );
    }
    scratch = ctx;
  }
  // Setting the size clears the canvas and resets its state (composite mode, transform).
  scratch.canvas.width = width;
  scratch.canvas.height = height;
  scratch.clearRect(0, 0, width, height);
  return scratch;
}
