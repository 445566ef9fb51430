/**
 * ROAD's noisy linear imputer (Rong et al. 2022), on the host in Float64: every removed pixel
 * becomes the weighted mean of its 8 neighbours (weight 1/6 for the 4 direct neighbours, 1/12 for the
 * 4 diagonal ones; neighbours outside the image are left out and the remaining weights renormalised),
 * where neighbours that are themselves removed are unknowns too. The resulting sparse linear system
 * `d_i·x_i − Σ_{j removed} w_ij·x_j = Σ_{j kept} w_ij·v_j` is symmetric positive definite (a graph
 * Laplacian with the kept pixels as boundary values), so it is solved per channel by conjugate
 * gradients with a symmetric SOR preconditioner (relaxation factor from the depth of the removed
 * region), started from the removed region filled inward layer by layer from the kept pixels, until
 * the residual falls below 1e-7 of the right-hand side (the result then lies within about 3e-6 of the
 * value range of the exact solution). Gaussian noise of standard deviation `noiseStd` is then added to
 * the imputed pixels.
 */
import { seededGaussian } from './seededGaussian.js';

const NEIGHBOURS: ReadonlyArray<readonly [number, number, number]> = [
  [-1, -1, 1 / 12], [-1, 0, 1 / 6], [-1, 1, 1 / 12],
  [0, -1, 1 / 6], [0, 1, 1 / 6],
  [1, -1, 1 / 12], [1, 0, 1 / 6], [1, 1, 1 / 12],
];

/** Relative residual at which the conjugate-gradient solve stops. */
const TOLERANCE = 1e-7;

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
  // Initial guess: removed pixels filled layer by layer inward from the kept ones, each with the
  // weighted mean of its kept neighbours and of its removed neighbours one layer further out.
  const C = channels;
  const guess = new Float64Array(m * C);
  const depth = fillInward(values, rowStart, cols, ws, keptStart, keptPix, keptW, C, guess);
  // The solve runs on a grid padded by one pixel all round, where kept and padding cells hold 0 in
  // the iteration vectors, so each equation reads its 8 neighbours at fixed offsets.
  const wp = width + 2;
  const cells = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const y = Math.floor(unknown[i]! / width);
    cells[i] = (y + 1) * wp + (unknown[i]! - y * width) + 1;
  }
  const system: GridSystem = { cells, diag, size: (height + 2) * wp, stride: wp, omega: ssorOmega(depth) };
  const b = new Float64Array(m);
  const x = new Float64Array(m);
  for (let c = 0; c < C; c++) {
    b.fill(0);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let k = keptStart[i]!; k < keptStart[i + 1]!; k++) s += keptW[k]! * values[keptPix[k]! * C + c]!;
      b[i] = s;
      x[i] = guess[i * C + c]!;
    }
    solveCg(system, b, x, tolerance);
    for (let i = 0; i < m; i++) guess[i * C + c] = x[i]!;
  }
  const normal = noiseStd > 0 ? seededGaussian(seed) : undefined;
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < C; c++) out[unknown[i]! * C + c] = guess[i * C + c]! + (normal ? noiseStd * normal() : 0);
  }
  return out;
}

/**
 * The SSOR relaxation factor for a removed region whose pixels lie at most `depth` steps from a kept
 * one: the optimum for a Laplacian on a grid of about `2·depth` pixels across, 2/(1 + sin(π/(2·depth))).
 */
function ssorOmega(depth: number): number {
  return 2 / (1 + Math.sin(Math.PI / Math.max(2, 2 * depth)));
}

/** The removed pixels' equations on the padded grid. */
interface GridSystem {
  /** Padded-grid index of each removed pixel, in row-major order. */
  cells: Int32Array;
  /** Sum of each removed pixel's neighbour weights. */
  diag: Float64Array;
  /** Cells in the padded grid. */
  size: number;
  /** Padded row length. */
  stride: number;
  /** SSOR relaxation factor. */
  omega: number;
}

const DIRECT = 1 / 6;
const DIAGONAL = 1 / 12;

/**
 * Conjugate gradients with the symmetric SOR preconditioner
 * `z = ω(2−ω)·(D − ωL)⁻¹·D·(D − ωLᵀ)⁻¹·r` (L: the couplings to neighbours earlier in row-major order)
 * on one channel, from the initial guess in `x` (updated in place) until `‖b − Ax‖ ≤ tolerance·‖b‖`.
 * Returns the number of iterations.
 */
function solveCg(sys: GridSystem, b: Float64Array, x: Float64Array, tolerance: number): number {
  const { cells, diag, size, stride: w, omega } = sys;
  const m = cells.length;
  // Padded-grid vectors (0 outside the removed pixels).
  const d = new Float64Array(size);
  const z = new Float64Array(size);
  const xg = new Float64Array(size);
  // Per-unknown vectors.
  const r = new Float64Array(m);
  const q = new Float64Array(m);
  const invDiag = Float64Array.from(diag, (v) => 1 / v);
  // q = A·v; returns v·q.
  const mul = (v: Float64Array): number => {
    let dot = 0;
    for (let i = 0; i < m; i++) {
      const p = cells[i]!;
      const vp = v[p]!;
      const qi = diag[i]! * vp
        - DIRECT * (v[p - 1]! + v[p + 1]! + v[p - w]! + v[p + w]!)
        - DIAGONAL * (v[p - w - 1]! + v[p - w + 1]! + v[p + w - 1]! + v[p + w + 1]!);
      q[i] = qi;
      dot += vp * qi;
    }
    return dot;
  };
  // z = M⁻¹·r up to the constant factor ω(2−ω), which conjugate gradients do not depend on
  // (u = (D − ωL)⁻¹·r forward, then z = u + D⁻¹·ωLᵀ·z backward); returns r·z.
  const a1 = omega * DIRECT;
  const a2 = omega * DIAGONAL;
  const precondition = (): number => {
    for (let i = 0; i < m; i++) {
      const p = cells[i]!;
      z[p] = (r[i]! + a1 * (z[p - 1]! + z[p - w]!) + a2 * (z[p - w - 1]! + z[p - w + 1]!)) * invDiag[i]!;
    }
    let dot = 0;
    for (let i = m - 1; i >= 0; i--) {
      const p = cells[i]!;
      const zp = z[p]! + (a1 * (z[p + 1]! + z[p + w]!) + a2 * (z[p + w - 1]! + z[p + w + 1]!)) * invDiag[i]!;
      z[p] = zp;
      dot += r[i]! * zp;
    }
    return dot;
  };
  let bb = 0;
  for (let i = 0; i < m; i++) {
    bb += b[i]! * b[i]!;
    xg[cells[i]!] = x[i]!;
  }
  const stop = tolerance * tolerance * Math.max(bb, 1e-300);
  mul(xg);
  let rr = 0;
  for (let i = 0; i < m; i++) {
    r[i] = b[i]! - q[i]!;
    rr += r[i]! * r[i]!;
  }
  let rz = precondition();
  for (let i = 0; i < m; i++) d[cells[i]!] = z[cells[i]!]!;
  let iterations = 0;
  while (rr > stop && rz > 0 && iterations < 10 * m + 100) {
    iterations++;
    const dq = mul(d);
    if (!(dq > 0)) break;
    const alpha = rz / dq;
    rr = 0;
    for (let i = 0; i < m; i++) {
      x[i] += alpha * d[cells[i]!]!;
      const ri = r[i]! - alpha * q[i]!;
      r[i] = ri;
      rr += ri * ri;
    }
    const rzOld = rz;
    rz = precondition();
    const beta = rz / rzOld;
    for (let i = 0; i < m; i++) {
      const p = cells[i]!;
      d[p] = z[p]! + beta * d[p]!;
    }
  }
  return iterations;
}

/**
 * Fills `x` ([m, C]) with the initial guess: removed pixels ordered by their 8-neighbour distance to
 * the nearest kept pixel, each the weighted mean of its kept neighbours and of its removed neighbours
 * one layer further out. Returns the number of layers.
 */
function fillInward(
  values: ArrayLike<number>,
  rowStart: Int32Array,
  cols: Int32Array,
  ws: Float64Array,
  keptStart: Int32Array,
  keptPix: Int32Array,
  keptW: Float64Array,
  C: number,
  x: Float64Array,
): number {
  const m = rowStart.length - 1;
  const layer = new Int32Array(m);
  let front: number[] = [];
  for (let i = 0; i < m; i++) {
    if (keptStart[i + 1]! > keptStart[i]!) {
      layer[i] = 1;
      front.push(i);
    }
  }
  let depth = 0;
  while (front.length > 0) {
    depth++;
    for (const i of front) {
      let wsum = 0;
      for (let k = keptStart[i]!; k < keptStart[i + 1]!; k++) {
        const w = keptW[k]!;
        const src = keptPix[k]! * C;
        wsum += w;
        for (let c = 0; c < C; c++) x[i * C + c] += w * values[src + c]!;
      }
      if (depth > 1) {
        for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
          const j = cols[k]!;
          if (layer[j] !== depth - 1) continue;
          const w = ws[k]!;
          wsum += w;
          for (let c = 0; c < C; c++) x[i * C + c] += w * x[j * C + c]!;
        }
      }
      for (let c = 0; c < C; c++) x[i * C + c] /= wsum;
    }
    const next: number[] = [];
    for (const i of front) {
      for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
        const j = cols[k]!;
        if (layer[j] === 0) {
          layer[j] = depth + 1;
          next.push(j);
        }
      }
    }
    front = next;
  }
  return depth;
}
