import * as tf from '@tensorflow/tfjs-core';

/**
 * Short human-readable description of a received argument for CamError messages,
 * e.g. `a float32 tensor of shape [1, 7, 7]`, `a number (3)`, `undefined`.
 * Internal helper; not part of the public API.
 * @internal
 */
export function describeValue(x: unknown): string {
  if (x instanceof tf.Tensor) {
    const what = `${x.isDisposed ? 'disposed ' : ''}${x.dtype} tensor of shape [${x.shape.join(', ')}]`;
    return `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}`;
  }
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'number' || typeof x === 'boolean') return `a ${typeof x} (${String(x)})`;
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x)}`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name} of length ${(x as unknown as ArrayLike<number>).length}`;
  const kind = typeof x;
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}
