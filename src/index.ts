// Public API of tfjs-gradcam. Explicit named re-exports only.
export { gradCam, gradCamMethod } from './methods/gradCam.js';
export type { CamOptions } from './core/camOptions.js';
export type { CamResult } from './core/camResult.js';
export type { CamContext, CamMethod } from './core/camMethod.js';
export { CamError } from './core/errors.js';
export { CamCache } from './core/camCache.js';
export type { CamErrorCode } from './core/errors.js';
export { listCandidateLayers } from './core/listCandidateLayers.js';
export type { CandidateLayer } from './core/listCandidateLayers.js';

export { globalAveragePool } from './ops/globalAveragePool.js';
export { weightedCombination } from './ops/weightedCombination.js';
export { relu } from './ops/relu.js';
export { minMaxNormalize } from './ops/minMaxNormalize.js';
export { resizeMap } from './ops/resizeMap.js';
export type { ResizeMapOptions } from './ops/resizeMap.js';
export { overlay } from './ops/overlay.js';
export type { OverlayOptions } from './ops/overlay.js';

export type { Colormap, ColormapLike, BuiltinColormapName } from './colormaps/colormap.js';
export { applyColormap } from './colormaps/applyColormap.js';
export { colormaps } from './colormaps/colormaps.js';
export { getColormap } from './colormaps/getColormap.js';
export { colormapSwatch } from './colormaps/colormapSwatch.js';
export { fromFunction } from './colormaps/fromFunction.js';
export { fromStops } from './colormaps/fromStops.js';
export type { ColorStop } from './colormaps/fromStops.js';
export { fromLut } from './colormaps/fromLut.js';
export { jet } from './colormaps/jet.js';
export { turbo } from './colormaps/turbo.js';
export { viridis } from './colormaps/viridis.js';
export { inferno } from './colormaps/inferno.js';
export { magma } from './colormaps/magma.js';
export { plasma } from './colormaps/plasma.js';
export { gray } from './colormaps/gray.js';
