/** Vertices of a regular star or polygon, alternating outer/inner radius, first point straight up. */
function starVertices(points: number, outer: number, inner: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = inner === outer ? points : points * 2;
  for (let i = 0; i < n; i++) {
    const r = inner === outer || i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    out.push([r * Math.cos(a), r * Math.sin(a)]);
  }
  return out;
}

const TRIANGLE = starVertices(3, 1, 1);
const STAR = starVertices(5, 1, 0.45);

/** Even-odd crossing test: is (u, v) inside the closed polygon? */
function insidePolygon(poly: ReadonlyArray<readonly [number, number]>, u: number, v: number): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [ui, vi] = poly[i]!;
    const [uj, vj] = poly[j]!;
    if (vi > v !== vj > v && u < ((uj - ui) * (v - vi)) / (vj - vi) + ui) inside = !inside;
  }
  return inside;
}

/** Ring: inner radius as a fraction of the outer one (a clearly visible hole). */
const RING_INNER = 0.55;
/** Square: half side as a fraction of the shape radius. */
const SQUARE_HALF = 0.75;
/** Cross (plus sign): half width of each arm as a fraction of the shape radius. */
const CROSS_HALF_WIDTH = 0.3;

/**
 * Membership test of the demo shapes in unit local coordinates: (u, v) are the offset from the
 * shape's centre divided by its radius, already rotated into the shape's frame. Every shape lies
 * within the unit disc (the square's corners reach 0.75·√2 ≈ 1.06).
 *
 * @param label - class index into `CLASS_NAMES` (0 circle, 1 square, 2 triangle, 3 star, 4 cross, 5 ring).
 * @returns true when the point is inside the shape.
 *
 * @example
 * ```ts
 * insideShape(0, 0.5, 0.5); // true: inside the unit circle
 * insideShape(5, 0, 0);     // false: the ring's hole
 * ```
 * @category Examples
 */
export function insideShape(label: number, u: number, v: number): boolean {
  const r2 = u * u + v * v;
  switch (label) {
    case 0:
      return r2 <= 1;
    case 1:
      return Math.abs(u) <= SQUARE_HALF && Math.abs(v) <= SQUARE_HALF;
    case 2:
      return insidePolygon(TRIANGLE, u, v);
    case 3:
      return insidePolygon(STAR, u, v);
    case 4:
      return (
        (Math.abs(u) <= 1 && Math.abs(v) <= CROSS_HALF_WIDTH) ||
        (Math.abs(v) <= 1 && Math.abs(u) <= CROSS_HALF_WIDTH)
      );
    case 5:
      return r2 <= 1 && r2 >= RING_INNER * RING_INNER;
    default:
      throw new RangeError(`insideShape(): label ${label} is unknown; labels are 0..5`);
  }
}
