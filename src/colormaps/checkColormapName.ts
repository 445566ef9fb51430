import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';

/**
 * Throws CamError 'INVALID_COLORMAP' unless `name` is a non-empty string. Internal helper.
 * @internal
 */
export function checkColormapName(fn: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new CamError(
      'INVALID_COLORMAP',
      `${fn}(): name must be a non-empty string; received ${describeValue(name)}.`,
    );
  }
}
