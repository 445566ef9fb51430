import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import type { Colormap, ColormapLike } from './colormap.js';
import { colormaps } from './colormaps.js';

/**
 * Implementation of {@link getColormap} with the calling function's name in error messages,
 * e.g. `applyColormap(): colormap "jett" is unknown; …`. Internal helper.
 * @internal
 */
export function resolveColormap(fn: string, nameOrColormap: ColormapLike | string): Colormap {
  const builtins = Object.keys(colormaps).join(', ');
  if (typeof nameOrColormap === 'string') {
    if (Object.prototype.hasOwnProperty.call(colormaps, nameOrColormap)) {
      return colormaps[nameOrColormap as keyof typeof colormaps];
    }
    throw new CamError(
      'INVALID_COLORMAP',
      `${fn}(): colormap ${JSON.stringify(nameOrColormap)} is unknown; built-in colormaps: ${builtins}. ` +
        'Build your own with fromStops, fromFunction or fromLut.',
    );
  }
  const c = nameOrColormap as Partial<Colormap> | null | undefined;
  if (
    c === null ||
    typeof c !== 'object' ||
    typeof c.name !== 'string' ||
    !(c.lut instanceof Uint8Array) ||
    c.lut.length !== 768
  ) {
    const lutInfo =
      c !== null && typeof c === 'object' && 'lut' in c ? ` whose lut is ${describeValue(c.lut)}` : '';
    throw new CamError(
      'INVALID_COLORMAP',
      `${fn}(): colormap must be a built-in name (${builtins}) or a Colormap { name: string, lut: Uint8Array(768) }; ` +
        `received ${describeValue(c)}${lutInfo}. Build one with fromStops, fromFunction or fromLut.`,
    );
  }
  return c as Colormap;
}
