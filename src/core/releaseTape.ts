/**
 * Frees what a failed `tf.grad` left behind.
 *
 * tfjs-core (4.22) keeps a clone of every tensor a kernel saves for its gradient on the engine's
 * active tape, and disposes them only when the backward pass completes. If the function passed to
 * `tf.grad` throws, or the backward pass fails, those clones stay allocated for good. This releases
 * them, but only when no outer gradient computation is running (gradient depth 0), so the tape is
 * certainly ours.
 */
import * as tf from '@tensorflow/tfjs-core';

interface EngineState {
  gradientDepth: number;
  activeTape: Array<{ saved?: tf.Tensor[] }> | null;
}

export function releaseAbandonedTape(): void {
  const state = (tf.engine() as unknown as { state?: EngineState }).state;
  if (state == null || state.gradientDepth !== 0 || state.activeTape == null) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) if (!t.isDisposed) t.dispose();
  state.activeTape = null;
}
