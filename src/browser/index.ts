// tfjs-gradcam/browser: image tensors to ImageData and canvases (browsers and web workers).
export { toImageData } from './toImageData.js';
export { drawToCanvas } from './drawToCanvas.js';
