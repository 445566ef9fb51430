import { CamError } from '../core/errors.js';

/** Bytes per stored value of an unquantized weight, by dtype. */
const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
/** Bytes per stored value of a quantized weight, by `quantization.dtype`. */
const BYTES_PER_QUANTIZED_VALUE: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/**
 * Number of bytes the weight specs of one manifest group occupy in its files:
 * Σ product(shape) × bytes per value, where a quantized weight counts its `quantization.dtype`
 * (uint8 = 1, uint16 = 2, float16 = 2 bytes).
 *
 * @param weights - the group's `weights` array, as parsed from model.json (validated here).
 * @param where - how messages name the group, e.g. `weightsManifest[0] of "m/model.json"`.
 * @throws CamError `INVALID_MODEL_FILE` for a malformed spec or a dtype without a fixed size.
 * @internal
 */
export function weightGroupBytes(weights: unknown, where: string, fn: string): number {
  const bad = (why: string) => new CamError('INVALID_MODEL_FILE', `${fn}(): ${where} ${why}.`);
  if (!Array.isArray(weights)) throw bad('has no "weights" array');
  let total = 0;
  weights.forEach((w: unknown, k: number) => {
    const spec = w as { name?: unknown; shape?: unknown; dtype?: unknown; quantization?: { dtype?: unknown } };
    if (spec === null || typeof spec !== 'object' || typeof spec.name !== 'string') throw bad(`weights[${k}] has no name`);
    const shape = spec.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw bad(`weight "${spec.name}" has an invalid shape ${JSON.stringify(shape)}`);
    }
    const quantized = spec.quantization != null;
    const dtype = quantized ? spec.quantization!.dtype : spec.dtype;
    const table = quantized ? BYTES_PER_QUANTIZED_VALUE : BYTES_PER_VALUE;
    const size = typeof dtype === 'string' && Object.hasOwn(table, dtype) ? table[dtype] : undefined;
    if (size === undefined) {
      const what = quantized ? 'quantization dtype' : 'dtype';
      throw bad(`weight "${spec.name}" has ${what} ${JSON.stringify(dtype)}; supported: ${Object.keys(table).join(', ')}`);
    }
    total += (shape as number[]).reduce((a, d) => a * d, 1) * size;
  });
  return total;
}
