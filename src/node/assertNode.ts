import { CamError } from '../core/errors.js';

/**
 * Throws unless the code runs in Node (or a runtime that implements Node's API, such as Deno or
 * Bun). Called first by every function of the `tfjs-gradcam/node` entry point.
 *
 * @param fn - the public function's name, used in the message, e.g. `'readImage'`.
 * @throws CamError `WRONG_RUNTIME` outside Node, naming `tfjs-gradcam/browser`.
 * @internal
 */
export function assertNode(fn: string): void {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (typeof proc === 'undefined' || !proc.versions?.node) {
    throw new CamError(
      'WRONG_RUNTIME',
      `${fn}(): tfjs-gradcam/node needs Node.js (its file system and path modules) and this ` +
        `runtime is not Node; in a browser import from 'tfjs-gradcam/browser' instead.`,
    );
  }
}
