/**
 * Temporary replacement of layers' `call` methods, always undone.
 * The library's passes are synchronous, so no other code can observe a patched layer.
 */
import type { LayerLike } from './layerGraph.js';

type CallFn = LayerLike['call'];

/**
 * Runs `fn` with `call` of each layer replaced by `make(layer, original)`, restoring every layer
 * afterwards, also when `fn` throws. A layer that appears twice is patched once.
 */
export function withPatchedCalls<T>(
  layers: Iterable<LayerLike>,
  make: (layer: LayerLike, original: CallFn) => CallFn,
  fn: () => T,
): T {
  const restores: Array<() => void> = [];
  try {
    for (const layer of new Set(layers)) {
      const hadOwn = Object.prototype.hasOwnProperty.call(layer, 'call');
      const original = layer.call;
      layer.call = make(layer, original);
      restores.push(() => {
        if (hadOwn) layer.call = original;
        else delete (layer as { call?: CallFn }).call;
      });
    }
    return fn();
  } finally {
    for (let i = restores.length - 1; i >= 0; i--) restores[i]!();
  }
}
