/** A seeded Gaussian sampler (mulberry32 + Box–Muller), the same numbers on every platform. */
import { mulberry32 } from '../core/mulberry32.js';

/** A function returning standard normal samples from the 32-bit `seed`. */
export function seededGaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => {
    const u = Math.max(uniform(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}
