import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';

/** Ranks 1..n with ties given their average rank. */
function averageRanks(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && v[idx[j + 1]!] === v[idx[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman rank correlation of two equally long lists: the Pearson correlation of their ranks, with
 * tied values given their average rank. Returns a number in [-1, 1], and 0 (never NaN) when either
 * list is constant or shorter than 2.
 *
 * @param a - numbers (an array or a typed array such as `await heatmap.data()`), all finite.
 * @param b - numbers, as many as `a`, all finite.
 * @returns the correlation.
 * @throws CamError `INVALID_INPUT` for lists of different lengths or non-finite values.
 * @example
 * ```ts
 * rankCorrelation([1, 2, 3, 4], [10, 20, 30, 45]); // 1
 * rankCorrelation([1, 2, 2, 3], [3, 2, 2, 1]);     // -1
 * ```
 * @category Metrics
 */
export function rankCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const fn = 'rankCorrelation()';
  const ok = (x: unknown): x is ArrayLike<number> => x != null && typeof x === 'object' && typeof (x as ArrayLike<number>).length === 'number';
  if (!ok(a) || !ok(b)) {
    throw new CamError('INVALID_INPUT', `${fn}: a and b must be arrays of numbers, received ${describeValue(ok(a) ? b : a)}`);
  }
  if (a.length !== b.length) {
    throw new CamError('INVALID_INPUT', `${fn}: a has ${a.length} values but b has ${b.length}; pass two lists of the same length`);
  }
  for (const [name, v] of [['a', a], ['b', b]] as const) {
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) {
        throw new CamError('INVALID_INPUT', `${fn}: ${name}[${i}] is ${describeValue(v[i])}; every value must be a finite number`);
      }
    }
  }
  const n = a.length;
  if (n < 2) return 0;
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i]! - mean;
    const db = rb[i]! - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return 0;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}
