/**
 * A pixel box `[x0, y0, x1, y1]`: the pixels with `x0 <= x < x1` and `y0 <= y < y1` (column x,
 * row y, origin at the top-left corner), the convention of `examples/images/samples.json`.
 * Parts outside the map are ignored; `x1 > x0` and `y1 > y0` are required.
 *
 * @example
 * ```ts
 * const box: Box = [10, 20, 42, 60]; // 32 pixels wide, 40 tall
 * ```
 * @category Metrics
 */
export type Box = [number, number, number, number];
