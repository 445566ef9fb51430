/**
 * An image that {@link fromImage} and {@link drawOverlay} read pixels from: a loaded
 * `<img>`, a `<canvas>` or `OffscreenCanvas` (2D or WebGL), an `ImageBitmap`, a `<video>` with a
 * current frame, or an `ImageData` (or any object shaped like one: `{ data, width, height }` with
 * `width · height · 4` RGBA bytes in a `Uint8ClampedArray` or `Uint8Array`).
 * @category Browser
 */
export type ImageSource =
  | HTMLImageElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | ImageBitmap
  | HTMLVideoElement
  | ImageData
  | { data: Uint8ClampedArray | Uint8Array; width: number; height: number };
