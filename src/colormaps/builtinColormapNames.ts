import type { BuiltinColormapName } from './colormap.js';

/**
 * The names of the built-in colormaps, in the order of `colormaps`: one list for the library and
 * the command line, which checks `--colormap` before it loads tfjs, so this file imports only a
 * type. The compiler checks that every {@link BuiltinColormapName} is listed; a test checks the order.
 * @internal
 */
export const builtinColormapNames = Object.freeze(['jet', 'turbo', 'viridis', 'inferno', 'magma', 'plasma', 'gray'] as const satisfies readonly BuiltinColormapName[]);

// Compile-time completeness: fails to type-check when a colormap name is missing above.
const complete: [Exclude<BuiltinColormapName, (typeof builtinColormapNames)[number]>] extends [never] ? true : never = true;
void complete;
