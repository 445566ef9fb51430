/**
 * ROAD's noisy linear imputer (Rong et al. 2022), on the host in Float64: every removed pixel
 * becomes the weighted mean of its 8 neighbours (weight 1/6 for the 4 direct neighbours, 1/12 for the
 * 4 diagonal ones; neighbours outside the image are left out and the remaining weights renormalised),
 * where neighbours that are themselves removed are unknowns too. The resulting sparse linear system
 * `d_i·x_i − Σ_{j removed} w_ij·x_j = Σ_{j kept} w_ij·v_j` is symmetric positive definite (a graph
 * Laplacian with the kept pixels as boundary values), so it is solved per channel by conjugate
 * gradients with a diagonal (Jacobi) preconditioner until the residual falls below 1e-6 of the
 * right-hand side. Gaussian noise of standard deviation `noiseStd` is then added to the imputed pixels.
 */
import { seededGaussian } from './seededGaussian.js';

const NEIGHBOURS: ReadonlyArray<readonly [number, number, number]> = [
  [-1, -1, 1 / 12], [-1, 0, 1 / 6], [-1, 1, 1 / 12],
  [0, -1, 1 / 6], [0, 1, 1 / 6],
  [1, -1, 1 / 12], [1, 0, 1 / 6], [1, 1, 1 / 12],
];

/** Relative residual at which the conjugate-gradient solve stops. */
const TOLERANCE = 1e-6;

/**
 * Imputes the pixels flagged in `removed` ([H·W], 1 = removed) of one image `values` ([H·W·C],
 * HWC order) and returns the new image; `values` is not changed. At least one pixel must be kept.
 */
export function imputeLinear(
  values: ArrayLike<number>,
  removed: Uint8Array,
  height: number,
  width: number,
  channels: number,
  noiseStd = 0,
  seed = 0,
  tolerance = TOLERANCE,
): Float32Array {
  const out = Float32Array.from(values as ArrayLike<number>);
  const n = height * width;
  const unknown: number[] = [];
  const vidx = new Int32Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    if (removed[p]) {
      vidx[p] = unknown.length;
      unknown.push(p);
    }
  }
  const m = unknown.length;
  if (m === 0) return out;
  // Sparse rows: the removed neighbours (coupling) and the kept ones (right-hand side).
  const diag = new Float64Array(m);
  const rowStart = new Int32Array(m + 1);
  const keptStart = new Int32Array(m + 1);
  const cols = new Int32Array(8 * m);
  const ws = new Float64Array(8 * m);
  const keptPix = new Int32Array(8 * m);
  const keptW = new Float64Array(8 * m);
  let nc = 0;
  let nk = 0;
  for (let i = 0; i < m; i++) {
    const p = unknown[i]!;
    const y = Math.floor(p / width);
    const x = p - y * width;
    for (const [dy, dx, w] of NEIGHBOURS) {
      const yy = y + dy;
      const xx = x + dx;
      if (yy < 0 || xx < 0 || yy >= height || xx >= width) continue;
      const q = yy * width + xx;
      diag[i] += w;
      if (vidx[q]! >= 0) {
        cols[nc] = vidx[q]!;
        ws[nc++] = w;
      } else {
        keptPix[nk] = q;
        keptW[nk++] = w;
      }
    }
    rowStart[i + 1] = nc;
    keptStart[i + 1] = nk;
  }
  // All channels at once (interleaved [m, C]): one matrix, one conjugate-gradient run per channel.
  const C = channels;
  const mul = (v: Float64Array, into: Float64Array): void => {
    for (let i = 0; i < m; i++) {
      const di = diag[i]!;
      for (let c = 0; c < C; c++) into[i * C + c] = di * v[i * C + c]!;
      for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
        const w = ws[k]!;
        const j = cols[k]! * C;
        for (let c = 0; c < C; c++) into[i * C + c] -= w * v[j + c]!;
      }
    }
  };
  const b = new Float64Array(m * C);
  const x = new Float64Array(m * C);
  const r = new Float64Array(m * C);
  const z = new Float64Array(m * C);
  const d = new Float64Array(m * C);
  const q = new Float64Array(m * C);
  const bb = new Float64Array(C);
  for (let i = 0; i < m; i++) {
    for (let k = keptStart[i]!; k < keptStart[i + 1]!; k++) {
      const w = keptW[k]!;
      const src = keptPix[k]! * C;
      for (let c = 0; c < C; c++) b[i * C + c] += w * values[src + c]!;
    }
    for (let c = 0; c < C; c++) {
      x[i * C + c] = b[i * C + c]! / diag[i]!;
      bb[c] += b[i * C + c]! ** 2;
    }
  }
  mul(x, q);
  const rz = new Float64Array(C);
  const rr = new Float64Array(C);
  const dq = new Float64Array(C);
  const alpha = new Float64Array(C);
  const beta = new Float64Array(C);
  const stop = Float64Array.from(bb, (v) => tolerance * tolerance * Math.max(v, 1e-300));
  for (let i = 0; i < m * C; i++) {
    r[i] = b[i]! - q[i]!;
    z[i] = r[i]! / diag[Math.floor(i / C)]!;
    d[i] = z[i]!;
    rz[i % C] += r[i]! * z[i]!;
    rr[i % C] += r[i]! ** 2;
  }
  const active = (c: number): boolean => rr[c]! > stop[c]! && rz[c]! > 0;
  for (let iter = 0; iter < 10 * m + 100; iter++) {
    let any = false;
    for (let c = 0; c < C; c++) any ||= active(c);
    if (!any) break;
    mul(d, q);
    dq.fill(0);
    for (let i = 0; i < m * C; i++) dq[i % C] += d[i]! * q[i]!;
    for (let c = 0; c < C; c++) alpha[c] = active(c) && dq[c]! > 0 ? rz[c]! / dq[c]! : 0;
    const rzOld = Float64Array.from(rz);
    rz.fill(0);
    rr.fill(0);
    for (let i = 0; i < m; i++) {
      const inv = 1 / diag[i]!;
      for (let c = 0; c < C; c++) {
        const t = i * C + c;
        x[t] += alpha[c]! * d[t]!;
        r[t] -= alpha[c]! * q[t]!;
        z[t] = r[t]! * inv;
        rz[c] += r[t]! * z[t]!;
        rr[c] += r[t]! ** 2;
      }
    }
    for (let c = 0; c < C; c++) beta[c] = rzOld[c]! > 0 ? rz[c]! / rzOld[c]! : 0;
    for (let i = 0; i < m * C; i++) d[i] = z[i]! + beta[i % C]! * d[i]!;
  }
  const normal = noiseStd > 0 ? seededGaussian(seed) : undefined;
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < C; c++) out[unknown[i]! * C + c] = x[i * C + c]! + (normal ? noiseStd * normal() : 0);
  }
  return out;
}
