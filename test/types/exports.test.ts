// The public surface of each entry point: the exact runtime names (a change here is an API
// change, to be made on purpose and noted in CHANGELOG.md) and, checked by `tsc --noEmit`, the
// exported types and the signatures of the main functions.
import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as browserApi from '../../src/browser/index.js';
import * as api from '../../src/index.js';
import type {
  PanelOptions,
  PreprocessMode,
  PreprocessOptions,
  BuiltinColormapName,
  CamContext,
  CamErrorCode,
  CamMethod,
  CamOptions,
  CamResult,
  CandidateLayer,
  Colormap,
  ColormapLike,
  ColorStop,
  OverlayOptions,
  ResizeMapOptions,
} from '../../src/index.js';
import * as nodeApi from '../../src/node/index.js';
import type { ReadImageOptions, SaveOverlayOptions } from '../../src/node/index.js';

describe('exported names', () => {
  it('tfjs-gradcam', () => {
    expect(Object.keys(api).sort()).toEqual([
      'CamCache',
      'CamError',
      'ablationCam',
      'ablationCamMethod',
      'applyColormap',
      'binaryTarget',
      'cam',
      'camMethodNames',
      'classifierTarget',
      'colormapSwatch',
      'colormaps',
      'confidenceChange',
      'defineCamMethod',
      'deletionCurve',
      'deprocessGradients',
      'display',
      'eigenCam',
      'eigenCamMethod',
      'eigenGradCam',
      'eigenGradCamMethod',
      'energyInBox',
      'fromFunction',
      'fromLut',
      'fromStops',
      'getCamMethod',
      'getColormap',
      'globalAveragePool',
      'gradCam',
      'gradCamElementWise',
      'gradCamElementWiseMethod',
      'gradCamMethod',
      'gradCamPlusPlus',
      'gradCamPlusPlusMethod',
      'gray',
      'guidedBackprop',
      'guidedGradCam',
      'hiResCam',
      'hiResCamMethod',
      'inferno',
      'insertionCurve',
      'jet',
      'jupyterDisplay',
      'layerCam',
      'layerCamMethod',
      'listCandidateLayers',
      'magma',
      'minMaxNormalize',
      'normalizeKerasModelJson',
      'overlay',
      'plasma',
      'pointingGame',
      'preprocessImage',
      'principalComponentMap',
      'rankCorrelation',
      'regressionTarget',
      'relu',
      'renderPanel',
      'resizeMap',
      'roadScore',
      'sanityCheck',
      'scoreCam',
      'scoreCamMethod',
      'segmentationTarget',
      'turbo',
      'viridis',
      'weightedCombination',
      'xGradCam',
      'xGradCamMethod',
    ]);
  });

  it('tfjs-gradcam/node', () => {
    expect(Object.keys(nodeApi).sort()).toEqual(['decodeImage', 'encodePng', 'loadGraphModel', 'loadLayersModel', 'readImage', 'saveLayersModel', 'saveOverlay', 'savePanel', 'writePng']);
  });

  it('tfjs-gradcam/browser', () => {
    expect(Object.keys(browserApi).sort()).toEqual(['drawHeatmap', 'drawOverlay', 'drawToCanvas', 'fromImage', 'toImageData']);
  });

  it('exports functions as functions and CamError as an Error subclass', () => {
    for (const name of ['gradCam', 'applyColormap', 'overlay', 'fromStops', 'listCandidateLayers'] as const) expect(typeof api[name]).toBe('function');
    for (const fn of Object.values(nodeApi)) expect(typeof fn).toBe('function');
    for (const fn of Object.values(browserApi)) expect(typeof fn).toBe('function');
    const e = new api.CamError('INVALID_INPUT', 'x');
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code]).toEqual(['CamError', 'INVALID_INPUT']);
  });
});

describe('exported types and signatures (checked by tsc)', () => {
  it('keeps the public types importable', () => {
    // Each line fails to compile if the type is no longer exported from its entry point.
    expectTypeOf<CamOptions['layerName']>().toEqualTypeOf<string | string[] | undefined>();
    expectTypeOf<CamResult['heatmap']>().toEqualTypeOf<tf.Tensor3D>();
    expectTypeOf<CamResult['dispose']>().toEqualTypeOf<() => void>();
    expectTypeOf<CamMethod['name']>().toEqualTypeOf<string>();
    expectTypeOf<PanelOptions>().toBeObject();
    expectTypeOf<PreprocessOptions>().toBeObject();
    expectTypeOf<'imagenet'>().toExtend<PreprocessMode>();
    expectTypeOf<SaveOverlayOptions>().toBeObject();
    expectTypeOf<CamContext>().toBeObject();
    expectTypeOf<'INVALID_INPUT'>().toExtend<CamErrorCode>();
    expectTypeOf<'WRONG_RUNTIME'>().toExtend<CamErrorCode>();
    expectTypeOf<CandidateLayer>().toBeObject();
    expectTypeOf<'jet'>().toExtend<BuiltinColormapName>();
    expectTypeOf<Colormap>().toExtend<ColormapLike>();
    expectTypeOf<BuiltinColormapName>().toExtend<ColormapLike>();
    expectTypeOf<ColorStop>().not.toBeNever();
    expectTypeOf<ResizeMapOptions>().toBeObject();
    expectTypeOf<OverlayOptions>().toBeObject();
    expectTypeOf<ReadImageOptions>().toBeObject();
  });

  it('keeps the main signatures', () => {
    expectTypeOf(api.gradCam).returns.toEqualTypeOf<CamResult>();
    expectTypeOf(api.gradCam).parameter(1).toEqualTypeOf<tf.Tensor>();
    expectTypeOf(api.gradCam).parameter(2).toEqualTypeOf<CamOptions | undefined>();
    expectTypeOf(browserApi.toImageData).toEqualTypeOf<(image: tf.Tensor3D) => ImageData>();
    expectTypeOf(browserApi.drawToCanvas).toEqualTypeOf<(image: tf.Tensor3D, canvas: HTMLCanvasElement | OffscreenCanvas) => Promise<void>>();
    expectTypeOf(nodeApi.encodePng).returns.toEqualTypeOf<Promise<Uint8Array>>();
    expectTypeOf(nodeApi.decodeImage).returns.toEqualTypeOf<tf.Tensor3D>();
  });
});
