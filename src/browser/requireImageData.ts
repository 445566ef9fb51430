import { CamError } from '../core/errors.js';

/**
 * Returns the runtime's `ImageData` constructor, or throws when there is none (Node, for one).
 *
 * @param fn - the public function's name, used in the message.
 * @throws CamError `WRONG_RUNTIME` naming `tfjs-gradcam/node` as the entry point for Node.
 * @internal
 */
export function requireImageData(fn: string): typeof ImageData {
  const ctor = (globalThis as { ImageData?: typeof ImageData }).ImageData;
  if (typeof ctor !== 'function') {
    throw new CamError(
      'WRONG_RUNTIME',
      `${fn}(): tfjs-gradcam/browser needs the DOM's ImageData (a browser or web worker) and this ` +
        `runtime has none; in Node import from 'tfjs-gradcam/node' instead and write the image with encodePng or writePng.`,
    );
  }
  return ctor;
}
