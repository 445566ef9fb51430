/**
 * mulberry32: a tiny seeded pseudo-random number generator (32-bit state).
 * Same seed, same sequence, on every platform: the demo data set and the demo model's
 * training order are reproducible from their seeds.
 *
 * @param seed - any integer; only its low 32 bits are used.
 * @returns a function returning uniform floats in [0, 1).
 *
 * @example
 * ```ts
 * const rand = mulberry32(42);
 * const x = rand(); // 0 <= x < 1, the same value on every run
 * ```
 * @category Examples
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
