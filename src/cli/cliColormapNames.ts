import type { BuiltinColormapName } from '../colormaps/colormap.js';

/**
 * The built-in colormap names `explain --colormap` accepts, in the order of `colormaps`. The CLI
 * keeps its own copy so that it can check its arguments without loading tfjs (the colormaps module
 * does); the compiler checks that every {@link BuiltinColormapName} is listed and a test checks the
 * order.
 * @internal
 */
export const cliColormapNames = ['jet', 'turbo', 'viridis', 'inferno', 'magma', 'plasma', 'gray'] as const satisfies readonly BuiltinColormapName[];

// Compile-time completeness: fails to type-check when a colormap name is missing above.
const complete: [Exclude<BuiltinColormapName, (typeof cliColormapNames)[number]>] extends [never] ? true : never = true;
void complete;
