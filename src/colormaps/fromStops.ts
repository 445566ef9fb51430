import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { checkColormapName } from './checkColormapName.js';
import type { Colormap } from './colormap.js';
import { fromFunction } from './fromFunction.js';

/**
 * One colour stop of {@link fromStops}: the colour at position `at`.
 * @example
 * ```ts
 * const stops: ColorStop[] = [
 *   { at: 0, color: [0, 0, 0] },   // floats in [0, 1]
 *   { at: 1, color: '#ffcc00' },   // or hex
 * ];
 * const amber = fromStops('amber', stops);
 * ```
 * @category Colormaps
 */
export interface ColorStop {
  /** Position in [0, 1]. */
  at: number;
  /** `[r, g, b]` floats in [0, 1], or a `'#rrggbb'` hex string. */
  color: readonly [number, number, number] | string;
}

/**
 * Builds a colormap by linear interpolation in RGB between colour stops.
 *
 * Row `i` is the colour at `t = i / 255`: between two neighbouring stops the colour is interpolated
 * linearly; before the first stop it is the first colour, after the last stop the last colour
 * (so stops need not cover 0 and 1). Two stops at the same position make a hard edge: from that
 * position on, the later stop's colour applies. Components are stored as `round(255 · v)`.
 *
 * @param name - display name of the colormap.
 * @param stops - at least 2 stops, positions in [0, 1] and non-decreasing.
 * @returns a new frozen {@link Colormap}.
 * @throws CamError `INVALID_COLORMAP` for fewer than 2 stops, a position outside [0, 1] or out of
 *   order, or a colour that is neither `[r, g, b]` in [0, 1] nor `'#rrggbb'`.
 *
 * @example
 * ```ts
 * const blueWhiteRed = fromStops('bwr', [
 *   { at: 0, color: '#0000ff' },
 *   { at: 0.5, color: [1, 1, 1] },
 *   { at: 1, color: '#ff0000' },
 * ]);
 * ```
 * @category Colormaps
 */
export function fromStops(name: string, stops: ReadonlyArray<ColorStop>): Colormap {
  checkColormapName('fromStops', name);
  if (!Array.isArray(stops) || stops.length < 2) {
    throw new CamError(
      'INVALID_COLORMAP',
      `fromStops(): "${name}" needs an array of at least 2 stops { at, color }; received ${describeValue(stops)}.`,
    );
  }
  const parsed = stops.map((stop: unknown, i) => parseStop(name, stop, i));
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]!.at < parsed[i - 1]!.at) {
      throw new CamError(
        'INVALID_COLORMAP',
        `fromStops(): stop ${i} of "${name}" is at ${parsed[i]!.at}, before stop ${i - 1} at ${parsed[i - 1]!.at}; ` +
          'sort the stops by position.',
      );
    }
  }
  const first = parsed[0]!;
  const last = parsed[parsed.length - 1]!;
  return fromFunction(name, (t) => {
    if (t < first.at) return first.rgb;
    if (t >= last.at) return last.rgb;
    let k = 1;
    while (parsed[k]!.at <= t) k++; // parsed[k-1].at <= t < parsed[k].at
    const a = parsed[k - 1]!;
    const b = parsed[k]!;
    const u = (t - a.at) / (b.at - a.at);
    return [
      a.rgb[0] + u * (b.rgb[0] - a.rgb[0]),
      a.rgb[1] + u * (b.rgb[1] - a.rgb[1]),
      a.rgb[2] + u * (b.rgb[2] - a.rgb[2]),
    ];
  });
}

interface ParsedStop {
  at: number;
  rgb: [number, number, number];
}

function parseStop(name: string, stop: unknown, i: number): ParsedStop {
  if (stop === null || typeof stop !== 'object') {
    throw new CamError(
      'INVALID_COLORMAP',
      `fromStops(): stop ${i} of "${name}" must be an object { at, color }; received ${describeValue(stop)}.`,
    );
  }
  const { at, color } = stop as { at?: unknown; color?: unknown };
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0 || at > 1) {
    throw new CamError(
      'INVALID_COLORMAP',
      `fromStops(): stop ${i} of "${name}" has at = ${describeValue(at)}; positions must be numbers in [0, 1].`,
    );
  }
  return { at, rgb: parseColor(name, color, i) };
}

function parseColor(name: string, color: unknown, i: number): [number, number, number] {
  if (typeof color === 'string') {
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
    if (m) return [parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255];
  } else if (
    Array.isArray(color) &&
    color.length === 3 &&
    color.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0 && c <= 1)
  ) {
    return [color[0], color[1], color[2]];
  }
  const got = Array.isArray(color) ? `[${color.map((c) => String(c)).join(', ')}]` : describeValue(color);
  throw new CamError(
    'INVALID_COLORMAP',
    `fromStops(): stop ${i} of "${name}" has color ${got}; use [r, g, b] with floats in [0, 1] ` +
      "(divide bytes by 255) or a '#rrggbb' hex string.",
  );
}
