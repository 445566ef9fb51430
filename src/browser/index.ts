// tfjs-gradcam/browser: images, canvases and video frames in; heatmaps and overlays on canvases out
// (browsers and web workers).
export { fromImage } from './fromImage.js';
export type { FromImageOptions } from './fromImage.js';
export type { ImageDataLike, ImageSource } from './imageSource.js';
export { drawHeatmap } from './drawHeatmap.js';
export type { DrawHeatmapOptions } from './drawHeatmap.js';
export { drawOverlay } from './drawOverlay.js';
export type { DrawOverlayOptions } from './drawOverlay.js';
export { toImageData } from './toImageData.js';
export { drawToCanvas } from './drawToCanvas.js';
