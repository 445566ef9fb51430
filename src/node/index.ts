// tfjs-gradcam/node: image files, PNG output and model files on disk (Node only; pure JS, no tfjs-node).
export { readImage } from './readImage.js';
export { decodeImage } from './decodeImage.js';
export type { ReadImageOptions } from './resolveMaxPixels.js';
export { writePng } from './writePng.js';
export { encodePng } from './encodePng.js';
export { loadLayersModel } from './loadLayersModel.js';
export { saveLayersModel } from './saveLayersModel.js';
export { saveOverlay } from './saveOverlay.js';
export type { SaveOverlayOptions } from './saveOverlay.js';
export { savePanel } from './savePanel.js';
export { loadGraphModel } from './loadGraphModel.js';
export type { GraphModelLike, GraphTensorInfo } from '../graph/graphModelLike.js';
