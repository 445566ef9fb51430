// Shared helpers of the browser adapter tests, which run in Node: a stand-in for the DOM's
// ImageData (installed on globalThis only while a test body runs), a minimal in-memory 2D canvas,
// and error + leak checks.

/**
 * Behaves like the DOM's `ImageData(data, width, height)` constructor for the cases the adapter
 * uses: it keeps the given array (no copy) and rejects a length that does not match width × height.
 */
export class StandInImageData {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly colorSpace = 'srgb';

  constructor(data: Uint8ClampedArray, width: number, height?: number) {
    if (!(data instanceof Uint8ClampedArray)) throw new TypeError('ImageData: data must be a Uint8ClampedArray');
    if (data.length === 0 || data.length % 4 !== 0) throw new RangeError('ImageData: length is not a non-zero multiple of 4');
    if (!(width > 0) || (data.length / 4) % width !== 0) throw new RangeError('ImageData: length is not a multiple of 4 × width');
    const rows = data.length / 4 / width;
    if (height !== undefined && height !== rows) throw new RangeError('ImageData: height does not match the data length');
    this.data = data;
    this.width = width;
    this.height = rows;
  }
}

/** Runs `fn` with `globalThis.ImageData` set to {@link StandInImageData}, restoring the previous state afterwards. */
export async function withImageData<T>(fn: () => T | Promise<T>): Promise<T> {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'ImageData');
  Object.defineProperty(globalThis, 'ImageData', { value: StandInImageData, configurable: true, writable: true });
  try {
    return await fn();
  } finally {
    if (saved) Object.defineProperty(globalThis, 'ImageData', saved);
    else delete (globalThis as { ImageData?: unknown }).ImageData;
  }
}

/**
 * An in-memory canvas with the 2D context's `putImageData`: like a DOM canvas, setting `width` or
 * `height` clears it to transparent black, and `pixels` holds its RGBA bytes.
 */
export class MemoryCanvas {
  pixels = new Uint8ClampedArray(0);
  private w: number;
  private h: number;

  constructor(width = 300, height = 150, private readonly has2d = true) {
    this.w = width;
    this.h = height;
    this.clear();
  }

  get width(): number {
    return this.w;
  }
  set width(v: number) {
    this.w = v;
    this.clear();
  }
  get height(): number {
    return this.h;
  }
  set height(v: number) {
    this.h = v;
    this.clear();
  }

  getContext(kind: string): { putImageData(d: ImageData, dx: number, dy: number): void } | null {
    if (kind !== '2d' || !this.has2d) return null;
    return {
      putImageData: (d, dx, dy) => {
        for (let y = 0; y < d.height; y++) {
          for (let x = 0; x < d.width; x++) {
            const tx = x + dx;
            const ty = y + dy;
            if (tx < 0 || ty < 0 || tx >= this.w || ty >= this.h) continue;
            for (let c = 0; c < 4; c++) this.pixels[(ty * this.w + tx) * 4 + c] = d.data[(y * d.width + x) * 4 + c];
          }
        }
      },
    };
  }

  private clear(): void {
    this.pixels = new Uint8ClampedArray(this.w * this.h * 4);
  }
}

export { expectRejectsNoLeak as expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';
