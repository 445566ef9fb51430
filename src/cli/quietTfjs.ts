import * as tf from '@tensorflow/tfjs-core';

/**
 * Silences tfjs's console notes (e.g. the suggestion to install tfjs-node), which would mix with
 * the CLI's output.
 * @internal
 */
export function quietTfjs(): void {
  tf.env().set('PROD', true);
}
