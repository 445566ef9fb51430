/**
 * Temporary replacement of layers' `call` methods, always undone.
 * The library's passes are synchronous, so no other code can observe a patched layer, except code
 * the passes call themselves (a custom method, a target), which may start another explanation.
 */
import type { LayerLike } from './layerGraph.js';

type CallFn = LayerLike['call'];

/**
 * For each layer patched right now, the `call` it had before its outermost patch. A patch made
 * while another is in place (an explanation started from inside another one: a custom method's
 * `weights`, a `target`, or a second model sharing a layer) wraps this call, not the outer patch,
 * so the inner pass never runs the outer pass's logic.
 */
const unpatched = new WeakMap<LayerLike, CallFn>();

/**
 * Runs `fn` with `call` of each layer replaced by `make(layer, original)`, restoring every layer
 * afterwards, also when `fn` throws. A layer that appears twice is patched once. `original` is the
 * layer's own `call` (the one in place before any patch), also when `fn` runs inside another
 * patch of the same layer.
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
      const current = layer.call;
      const outermost = !unpatched.has(layer);
      if (outermost) unpatched.set(layer, current);
      layer.call = make(layer, unpatched.get(layer)!);
      restores.push(() => {
        if (hadOwn) layer.call = current;
        else delete (layer as { call?: CallFn }).call;
        if (outermost) unpatched.delete(layer);
      });
    }
    return fn();
  } finally {
    for (let i = restores.length - 1; i >= 0; i--) restores[i]!();
  }
}
