/**
 * The eigenvector of the largest eigenvalue of a symmetric positive semi-definite matrix, in
 * float64 on the host. tfjs has no SVD or eigen decomposition; CAM maps need only the first
 * principal component of a small matrix (min(h·w, channels) rows), so this is cheap.
 */

/** Cyclic Jacobi rotations: all eigenpairs of the symmetric n×n matrix `a` (row-major, overwritten). */
function jacobiEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i]! * a[i]!;
  const tiny = 1e-26 * scale;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (off <= tiny) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0 || apq * apq <= tiny / (n * n)) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}

function topOfJacobi(m: Float64Array, n: number): Float64Array {
  const { values, vectors } = jacobiEigen(Float64Array.from(m), n);
  let best = 0;
  for (let i = 1; i < n; i++) if (values[i]! > values[best]!) best = i;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = vectors[k * n + best]!;
  return out;
}

function matVec(m: Float64Array, n: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += m[row + j]! * x[j]!;
    out[i] = s;
  }
}

/**
 * Subspace iteration with a block of 8 vectors and Rayleigh-Ritz on the block, for large n:
 * converges at the rate λ₉/λ₁ instead of power iteration's λ₂/λ₁.
 */
function topBySubspace(m: Float64Array, n: number): Float64Array {
  const p = Math.min(8, n);
  // Deterministic start: a fixed pseudo-random block.
  let seed = 0x9e3779b9;
  const rand = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296 - 0.5;
  };
  let basis = Array.from({ length: p }, () => Float64Array.from({ length: n }, rand));
  const orthonormalize = (vs: Float64Array[]) => {
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i]!;
      for (let j = 0; j < i; j++) {
        const u = vs[j]!;
        let d = 0;
        for (let k = 0; k < n; k++) d += u[k]! * v[k]!;
        for (let k = 0; k < n; k++) v[k] = v[k]! - d * u[k]!;
      }
      let norm = 0;
      for (let k = 0; k < n; k++) norm += v[k]! * v[k]!;
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < n; k++) v[k] = v[k]! / norm;
    }
  };
  orthonormalize(basis);
  let top = basis[0]!;
  const mv = new Float64Array(n);
  for (let iter = 0; iter < 500; iter++) {
    const next = basis.map((b) => {
      const out = new Float64Array(n);
      matVec(m, n, b, out);
      return out;
    });
    orthonormalize(next);
    basis = next;
    // Rayleigh-Ritz: the best vector in the block.
    const images = basis.map((b) => {
      const out = new Float64Array(n);
      matVec(m, n, b, out);
      return out;
    });
    const t = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
      let d = 0;
      for (let k = 0; k < n; k++) d += basis[i]![k]! * images[j]![k]!;
      t[i * p + j] = d;
    }
    const y = topOfJacobi(t, p);
    top = new Float64Array(n);
    for (let i = 0; i < p; i++) for (let k = 0; k < n; k++) top[k] = top[k]! + y[i]! * basis[i]![k]!;
    matVec(m, n, top, mv);
    let theta = 0;
    let resid = 0;
    for (let k = 0; k < n; k++) theta += top[k]! * mv[k]!;
    for (let k = 0; k < n; k++) resid += (mv[k]! - theta * top[k]!) ** 2;
    if (Math.sqrt(resid) <= 1e-10 * Math.max(Math.abs(theta), 1e-300)) break;
  }
  return top;
}

/** Unit eigenvector of the largest eigenvalue of the symmetric n×n matrix `m` (row-major). */
export function topEigenvector(m: Float64Array, n: number): Float64Array {
  return n <= 256 ? topOfJacobi(m, n) : topBySubspace(m, n);
}
