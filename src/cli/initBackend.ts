import * as tf from '@tensorflow/tfjs-core';
import { CliUsageError } from './cliUsageError.js';

/**
 * Starts the tfjs backend the CLI runs on: `wasm` (fast; needs @tensorflow/tfjs-backend-wasm)
 * falls back to `cpu` with a note on stderr when it cannot start; `cpu` needs
 * @tensorflow/tfjs-backend-cpu. Returns the backend in use.
 * @internal
 */
export async function initBackend(wanted: 'wasm' | 'cpu', note: (line: string) => void): Promise<'wasm' | 'cpu'> {
  if (wanted === 'wasm') {
    let reason: string;
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
      reason = 'it failed to initialise';
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      reason = err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND' ? '@tensorflow/tfjs-backend-wasm is not installed' : (err.message ?? String(e)).split('\n')[0]!;
    }
    note(`note: the wasm backend is not available (${reason}); using the cpu backend, which is much slower. Install @tensorflow/tfjs-backend-wasm for speed.`);
  }
  try {
    await import('@tensorflow/tfjs-backend-cpu');
  } catch {
    throw new CliUsageError(
      'no tfjs backend could be loaded: install @tensorflow/tfjs-backend-wasm (recommended) or @tensorflow/tfjs-backend-cpu next to tfjs-gradcam, at the version of @tensorflow/tfjs-core.',
    );
  }
  if (!(await tf.setBackend('cpu'))) throw new CliUsageError('the cpu backend failed to initialise.');
  await tf.ready();
  return 'cpu';
}
