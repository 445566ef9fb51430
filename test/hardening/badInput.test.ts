/**
 * Bad input, everywhere: one table of wrong arguments across the public surface. Every row must
 * fail with a CamError of a stable code whose message starts with `fnName(): `, names the argument,
 * says what was received and what is allowed; leave no tensor behind; and leave every model as it
 * was (weights bit for bit, layers' `call` and activation functions, predictions).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ablationCam, applyColormap, cam, camMethodNames, CamError, colormapSwatch, defineCamMethod, deprocessGradients,
  display, eigenCam, eigenGradCam, fromFunction, fromLut, fromStops, getCamMethod, getColormap, globalAveragePool, gradCam,
  gradCamElementWise, gradCamPlusPlus, guidedBackprop, guidedGradCam, hiResCam, jupyterDisplay, layerCam,
  listCandidateLayers, minMaxNormalize, overlay, preprocessImage, principalComponentMap, relu, renderPanel,
  resizeMap, scoreCam, scoreCamMethod, gradCamPlusPlusMethod, weightedCombination, xGradCam,
  type CamErrorCode, type CamMethodName,
} from '../../src/index.js';
import { decodeImage, encodePng, loadGraphModel, loadLayersModel, readImage, saveLayersModel, saveOverlay, savePanel, writePng } from '../../src/node/index.js';
import { drawHeatmap, drawOverlay, drawToCanvas, fromImage, toImageData } from '../../src/browser/index.js';
import { IMAGES, MODEL, runCli } from '../cli/cliHelpers.js';
import { tinyGraphModel } from '../fixtures/graphModels.js';
import { nestedSequentialNet, randomInput, sequentialNet } from '../fixtures/models.js';

/** Everything the rows use, built once. */
interface Fixtures {
  net: tfl.LayersModel;
  nested: tfl.LayersModel;
  multiIn: tfl.LayersModel;
  multiOut: tfl.LayersModel;
  disposedModel: tfl.LayersModel;
  graph: Awaited<ReturnType<typeof tinyGraphModel>>;
  disposedGraph: Awaited<ReturnType<typeof tinyGraphModel>>;
  /** Tensors of every rank and dtype the rows need (typed loosely: the rows pass them where they do not fit). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  t: Record<string, tf.Tensor<any>>;
}

interface Row {
  name: string;
  /** The public function the message must start with, e.g. 'gradCam'. */
  fn: string;
  call: (f: Fixtures) => unknown;
  code: CamErrorCode;
  /** The message must match each: the argument, what was received, what is allowed / what to do. */
  says: RegExp[];
}

const F: Fixtures = { t: {} } as unknown as Fixtures;
const OUT = '/tmp/tfjs-gradcam-badinput-never-written.png';

function twoInputModel(): tfl.LayersModel {
  const a = tfl.input({ shape: [8, 8, 3], name: 'in_a' });
  const b = tfl.input({ shape: [8, 8, 3], name: 'in_b' });
  const sum = tfl.layers.add({ name: 'mi_add' }).apply([a, b]) as tfl.SymbolicTensor;
  const c = tfl.layers.conv2d({ filters: 2, kernelSize: 3, name: 'mi_conv' }).apply(sum) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten({ name: 'mi_flat' }).apply(c) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 2, name: 'mi_out' }).apply(flat) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [a, b], outputs: out, name: 'multi_in' });
}

function twoOutputModel(): tfl.LayersModel {
  const x = tfl.input({ shape: [8, 8, 3], name: 'mo_in' });
  const c = tfl.layers.conv2d({ filters: 2, kernelSize: 3, name: 'mo_conv' }).apply(x) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten({ name: 'mo_flat' }).apply(c) as tfl.SymbolicTensor;
  const o1 = tfl.layers.dense({ units: 2, name: 'mo_a' }).apply(flat) as tfl.SymbolicTensor;
  const o2 = tfl.layers.dense({ units: 3, name: 'mo_b' }).apply(flat) as tfl.SymbolicTensor;
  return tfl.model({ inputs: x, outputs: [o1, o2], name: 'multi_out' });
}

// ---------------------------------------------------------------------------------------------
// The table.

const modelRows: Row[] = [
  { name: 'model null', fn: 'gradCam', call: (f) => gradCam(null, f.t.x!), code: 'INVALID_MODEL', says: [/model must be a tfjs-layers LayersModel/, /received null/] },
  { name: 'model {}', fn: 'gradCam', call: (f) => gradCam({}, f.t.x!), code: 'INVALID_MODEL', says: [/model must be/, /GraphModel/, /CustomModel/, /received Object/] },
  { name: 'model is a function', fn: 'gradCam', call: (f) => gradCam(() => 1, f.t.x!), code: 'INVALID_MODEL', says: [/model must be/, /received function/] },
  { name: 'model is a tensor', fn: 'gradCam', call: (f) => gradCam(f.t.x, f.t.x!), code: 'INVALID_MODEL', says: [/model must be/, /received Tensor/] },
  { name: 'model disposed (model.dispose())', fn: 'gradCam', call: (f) => gradCam(f.disposedModel, f.t.x!), code: 'DISPOSED', says: [/model has been disposed/, /load or build it again/] },
  { name: 'cam(): model disposed', fn: 'cam', call: (f) => cam(f.disposedModel, f.t.x!, { method: 'eigen-cam' }), code: 'DISPOSED', says: [/model has been disposed/] },
  { name: 'multi-input model', fn: 'gradCam', call: (f) => gradCam(f.multiIn, f.t.x!), code: 'UNSUPPORTED_MODEL', says: [/2 inputs and 1 output/, /one input and one output/, /CustomModel/] },
  { name: 'multi-output model', fn: 'cam', call: (f) => cam(f.multiOut, f.t.x!, { method: 'layer-cam' }), code: 'UNSUPPORTED_MODEL', says: [/1 input and 2 outputs/, /one input and one output/] },
  { name: 'guidedBackprop: model {}', fn: 'guidedBackprop', call: (f) => guidedBackprop({}, f.t.x!), code: 'INVALID_MODEL', says: [/model must be/, /received Object/] },
  { name: 'guidedBackprop: a CustomModel', fn: 'guidedBackprop', call: (f) => guidedBackprop({ features: (x: tf.Tensor) => x, head: (a: tf.Tensor) => a }, f.t.x!), code: 'UNSUPPORTED_MODEL', says: [/needs a tfjs-layers LayersModel/, /received a CustomModel/, /use a CAM method/] },
  { name: 'guidedBackprop: disposed model', fn: 'guidedBackprop', call: (f) => guidedBackprop(f.disposedModel, f.t.x!), code: 'DISPOSED', says: [/model has been disposed/] },
  { name: 'GraphModel disposed', fn: 'gradCam', call: (f) => gradCam(f.disposedGraph, f.t.x16!), code: 'DISPOSED', says: [/GraphModel has been disposed/, /load it again/] },
  { name: 'GraphModel: node not found', fn: 'cam', call: (f) => cam(f.graph, f.t.x16!, { method: 'grad-cam++', layerName: 'nope' }), code: 'LAYER_NOT_FOUND', says: [/layerName "nope" is not a node of the GraphModel/, /block2\/out \[\?,4,4,16\]/] },
  { name: 'GraphModel: input size 8 vs 16', fn: 'gradCam', call: (f) => gradCam(f.graph, f.t.x!), code: 'INVALID_INPUT', says: [/input shape \[1,8,8,3\] does not match the model's input \[\?,16,16,3\]/, /height 8 vs 16/] },
  { name: 'guidedBackprop: a GraphModel', fn: 'guidedBackprop', call: (f) => guidedBackprop(f.graph, f.t.x16!), code: 'UNSUPPORTED_MODEL', says: [/needs a tfjs-layers LayersModel/, /received a GraphModel/] },
  { name: 'CustomModel features() returns rank 3', fn: 'gradCam', call: (f) => gradCam({ features: (x: tf.Tensor) => tf.mean(x, 3), head: (a: tf.Tensor) => tf.sum(a, [1, 2]) }, f.t.x!), code: 'INVALID_MODEL', says: [/features\(x\) must return a float32 Tensor4D \[1,h,w,K\]/, /returned a float32 tensor of shape \[1,8,8\]/] },
  { name: 'CustomModel name ""', fn: 'gradCam', call: (f) => gradCam({ name: '', features: (x: tf.Tensor) => x, head: (a: tf.Tensor) => tf.sum(a, [1, 2]) }, f.t.x!), code: 'INVALID_MODEL', says: [/name must be a non-empty string/] },
  { name: 'listCandidateLayers(disposed GraphModel)', fn: 'listCandidateLayers', call: (f) => listCandidateLayers(f.disposedGraph), code: 'DISPOSED', says: [/GraphModel has been disposed/] },
  { name: 'listCandidateLayers(null)', fn: 'listCandidateLayers', call: () => listCandidateLayers(null), code: 'INVALID_MODEL', says: [/model must be/, /received null/] },
  { name: 'listCandidateLayers(a tensor)', fn: 'listCandidateLayers', call: (f) => listCandidateLayers(f.t.x), code: 'INVALID_MODEL', says: [/model must be/, /received Tensor/] },
  { name: 'listCandidateLayers("model.json")', fn: 'listCandidateLayers', call: () => listCandidateLayers('model.json'), code: 'INVALID_MODEL', says: [/model must be/, /received string/] },
  { name: 'listCandidateLayers(disposed model)', fn: 'listCandidateLayers', call: (f) => listCandidateLayers(f.disposedModel), code: 'DISPOSED', says: [/model has been disposed/] },
];

const inputRows: Row[] = [
  { name: 'input missing', fn: 'gradCam', call: (f) => gradCam(f.net, undefined as unknown as tf.Tensor), code: 'INVALID_INPUT', says: [/input must be a tf.Tensor/, /\[H,W,C\] or \[B,H,W,C\]/, /received undefined/] },
  { name: 'input is an array', fn: 'gradCam', call: (f) => gradCam(f.net, [[1]] as unknown as tf.Tensor), code: 'INVALID_INPUT', says: [/input must be a tf.Tensor/, /received object/] },
  { name: 'input rank 2', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.rank2!), code: 'INVALID_INPUT', says: [/input must have rank 3 \[H,W,C\] or rank 4/, /received shape \[8,8\]/] },
  { name: 'input rank 5', fn: 'cam', call: (f) => cam(f.net, f.t.rank5!, { method: 'hires-cam' }), code: 'INVALID_INPUT', says: [/rank 3/, /received shape \[1,1,8,8,3\]/] },
  { name: 'input channels 1 vs 3', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.gray!), code: 'INVALID_INPUT', says: [/input shape \[1,8,8,1\]/, /model's input \[\?,8,8,3\]/, /channels 1 vs 3/, /convert the image/] },
  { name: 'input height 9 vs 8', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.tall!), code: 'INVALID_INPUT', says: [/input shape \[1,9,8,3\]/, /height 9 vs 8/, /resize the image/] },
  { name: 'input dtype bool', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.boolX!), code: 'INVALID_INPUT', says: [/input dtype must be float32 or int32/, /received bool/] },
  { name: 'input dtype string', fn: 'cam', call: (f) => cam(f.net, f.t.stringX!, { method: 'score-cam' }), code: 'INVALID_INPUT', says: [/input dtype must be float32 or int32/, /received string/] },
  { name: 'input NaN', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.nanX!), code: 'NON_FINITE_INPUT', says: [/input contains NaN or Infinity \(192 of 192 values\)/, /allowed: finite numbers/, /check the preprocessing/] },
  { name: 'input Infinity', fn: 'cam', call: (f) => cam(f.net, f.t.infX!, { method: 'ablation-cam' }), code: 'NON_FINITE_INPUT', says: [/input contains NaN or Infinity/] },
  { name: 'empty batch (B=0)', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.empty!), code: 'INVALID_INPUT', says: [/input batch is empty/, /shape \[0,8,8,3\]/, /pass at least one image/] },
  { name: 'disposed input', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.dead!), code: 'DISPOSED', says: [/input tensor has been disposed/, /pass a live tensor/] },
  { name: 'guidedBackprop: input rank 2', fn: 'guidedBackprop', call: (f) => guidedBackprop(f.net, f.t.rank2!), code: 'INVALID_INPUT', says: [/rank 3/, /received shape \[8,8\]/] },
];

const layerRows: Row[] = [
  { name: 'layer not found', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { layerName: 'conv9' }), code: 'LAYER_NOT_FOUND', says: [/layerName "conv9" not found/, /c3 \[\?,4,4,5\]/] },
  { name: 'nested layer not found', fn: 'gradCam', call: (f) => gradCam(f.nested, f.t.x16!, { layerName: 'base/nope' }), code: 'LAYER_NOT_FOUND', says: [/layerName "base\/nope" not found/, /base\/b_conv3/] },
  { name: 'layer without spatial output (GAP)', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { layerName: 'gap' }), code: 'LAYER_NOT_SPATIAL', says: [/layer "gap" has output shape \[\?,5\]/, /c3/] },
  { name: 'layer without spatial output (Dense)', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: 'xgrad-cam', layerName: 'probs' }), code: 'LAYER_NOT_SPATIAL', says: [/layer "probs"/, /\[\?,4\]/] },
  { name: 'layerName []', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { layerName: [] }), code: 'INVALID_OPTION', says: [/layerName is an empty list/, /leave it out/] },
  { name: 'layerName a number', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { layerName: 5 as unknown as string }), code: 'INVALID_OPTION', says: [/layerName must be a non-empty string/, /received 5/] },
  { name: 'layerName list with a number', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { layerName: ['c3', 7] as unknown as string[] }), code: 'INVALID_OPTION', says: [/layerName must be a non-empty string/, /received 7/] },
  { name: 'layerName ""', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { layerName: '' }), code: 'INVALID_OPTION', says: [/layerName must be a non-empty string/] },
];

const classRows: Row[] = [
  { name: 'classIndex out of range', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { classIndex: 4 }), code: 'INVALID_CLASS', says: [/classIndex 4 is out of range/, /allowed: integers from 0 to 3/] },
  { name: 'classIndex negative', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { classIndex: -1 }), code: 'INVALID_CLASS', says: [/classIndex -1/, /from 0 to 3/] },
  { name: 'classIndex fractional', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { classIndex: 1.5 }), code: 'INVALID_CLASS', says: [/classIndex 1\.5/, /integers from 0 to 3/] },
  { name: 'classIndex NaN', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { classIndex: NaN }), code: 'INVALID_CLASS', says: [/classIndex NaN/, /integers from 0 to 3/] },
  { name: 'classIndex a string', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { classIndex: '1' as unknown as number }), code: 'INVALID_CLASS', says: [/classIndex must be/, /received the string "1"/, /integers from 0 to 3/] },
  { name: 'classIndex null', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { classIndex: null as never }), code: 'INVALID_CLASS', says: [/classIndex must be a number or a list of numbers/, /received null/] },
  { name: 'classIndex list with a string', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x2!, { classIndex: [0, 'b'] as never }), code: 'INVALID_CLASS', says: [/received the string "b"/, /integers from 0 to 3/] },
  { name: 'classIndex list length ≠ batch', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x2!, { classIndex: [1] }), code: 'INVALID_CLASS', says: [/classIndex has 1 entries but the batch has 2 samples/, /one index per sample/] },
  { name: 'guidedGradCam: classIndex out of range', fn: 'guidedGradCam', call: (f) => guidedGradCam(f.net, f.t.x!, { classIndex: 9 }), code: 'INVALID_CLASS', says: [/classIndex 9 is out of range/] },
  { name: 'guidedBackprop: classIndex negative', fn: 'guidedBackprop', call: (f) => guidedBackprop(f.net, f.t.x!, { classIndex: -2 }), code: 'INVALID_CLASS', says: [/classIndex -2/] },
];

const optionRows: Row[] = [
  { name: 'options a string', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, 'fast' as never), code: 'INVALID_OPTION', says: [/options must be an object/, /received string/] },
  { name: 'cam options a number', fn: 'cam', call: (f) => cam(f.net, f.t.x!, 5 as never), code: 'INVALID_OPTION', says: [/options must be an object/, /received number/] },
  { name: 'scoreCam options a string', fn: 'scoreCam', call: (f) => scoreCam(f.net, f.t.x!, 'fast' as never), code: 'INVALID_OPTION', says: [/options must be an object/, /received string/] },
  { name: 'gradCamPlusPlus options a number', fn: 'gradCamPlusPlus', call: (f) => gradCamPlusPlus(f.net, f.t.x!, 1 as never), code: 'INVALID_OPTION', says: [/options must be an object/, /received number/] },
  { name: 'guidedGradCam options a function', fn: 'guidedGradCam', call: (f) => guidedGradCam(f.net, f.t.x!, (() => 1) as never), code: 'INVALID_OPTION', says: [/options must be an object/, /received function/] },
  { name: 'scoreCamMethod options a string', fn: 'scoreCamMethod', call: () => scoreCamMethod('all' as never), code: 'INVALID_OPTION', says: [/options must be an object/, /received string/] },
  { name: 'gradCamPlusPlusMethod options a number', fn: 'gradCamPlusPlusMethod', call: () => gradCamPlusPlusMethod(2 as never), code: 'INVALID_OPTION', says: [/options must be an object/, /received number/] },
  { name: 'batchSize 0', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: 'score-cam', batchSize: 0 }), code: 'INVALID_OPTION', says: [/option batchSize must be a positive integer/, /received 0/] },
  { name: 'batchSize -1', fn: 'scoreCam', call: (f) => scoreCam(f.net, f.t.x!, { batchSize: -1 }), code: 'INVALID_OPTION', says: [/batchSize/, /received -1/] },
  { name: 'batchSize 1.5', fn: 'ablationCam', call: (f) => ablationCam(f.net, f.t.x!, { batchSize: 1.5 }), code: 'INVALID_OPTION', says: [/batchSize/, /received 1\.5/] },
  { name: 'unknown method name', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: 'gradcam' as CamMethodName }), code: 'INVALID_OPTION', says: [/method "gradcam" is not a built-in method/, /allowed: grad-cam, hires-cam/, /defineCamMethod/] },
  { name: 'method null', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: null as unknown as CamMethodName }), code: 'INVALID_OPTION', says: [/method must be a built-in method name or an object/, /received null/] },
  { name: 'getCamMethod unknown name', fn: 'getCamMethod', call: () => getCamMethod('nope'), code: 'INVALID_OPTION', says: [/method "nope" is not a built-in method/, /allowed: grad-cam/] },
  { name: 'resize [0, 5]', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { resize: [0, 5] }), code: 'INVALID_OPTION', says: [/option resize must be true, false or \[height, width\]/, /received \[0,5\]/] },
  { name: 'relu "yes"', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { relu: 'yes' as unknown as boolean }), code: 'INVALID_OPTION', says: [/option relu must be true or false/, /received yes/] },
  { name: 'counterfactual "x"', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { counterfactual: 'x' as never }), code: 'INVALID_OPTION', says: [/option counterfactual must be true or false/, /received x/] },
  { name: 'checkFinite 0', fn: 'layerCam', call: (f) => layerCam(f.net, f.t.x!, { checkFinite: 0 as never }), code: 'INVALID_OPTION', says: [/option checkFinite must be true or false/, /received 0/] },
  { name: 'cache not a CamCache', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { cache: {} as never }), code: 'INVALID_OPTION', says: [/option cache must be a CamCache/, /received object/] },
  { name: 'target not a function', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { target: 3 as never }), code: 'INVALID_OPTION', says: [/option target must be a function/, /received number/] },
  { name: 'target returns the wrong shape', fn: 'gradCam', call: (f) => gradCam(f.net, f.t.x!, { target: (o) => o as tf.Tensor1D }), code: 'INVALID_TARGET', says: [/target must return a Tensor1D with one score per sample \[1\]/, /returned shape \[1,4\]/] },
  { name: 'target returns a number (score-cam)', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: 'score-cam', target: () => 3 as never }), code: 'INVALID_TARGET', says: [/target must return a Tensor1D/, /returned number/] },
  { name: 'target wrong shape on a batch (eigen-grad-cam)', fn: 'eigenGradCam', call: (f) => eigenGradCam(f.net, f.t.x2!, { target: (o) => tf.sum(o) as tf.Tensor1D }), code: 'INVALID_TARGET', says: [/one score per sample \[2\]/, /returned shape \[\]/] },
  { name: 'scoreCam maxChannels 0', fn: 'scoreCam', call: (f) => scoreCam(f.net, f.t.x!, { maxChannels: 0 }), code: 'INVALID_OPTION', says: [/maxChannels must be a positive integer/, /received 0/] },
  { name: 'gradCamPlusPlus unknown variant', fn: 'gradCamPlusPlus', call: (f) => gradCamPlusPlus(f.net, f.t.x!, { variant: 'v2' as never }), code: 'INVALID_OPTION', says: [/variant must be 'pytorch-grad-cam' or 'paper'/, /received v2/] },
  { name: 'method object without weights()', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: { name: 'm', needsGradients: true } as never }), code: 'INVALID_OPTION', says: [/method must be a built-in method name or an object \{ name, needsGradients, weights\(ctx\) \}/, /received object/] },
  { name: 'method object with combine "max"', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: { name: 'm', needsGradients: true, weights: () => null, combine: 'max' } as never }), code: 'INVALID_OPTION', says: [/method "m" has combine max/, /allowed: 'sum' or 'eigen'/] },
  { name: 'custom method returns null weights', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: defineCamMethod({ name: 'nul', needsGradients: true, weights: () => null as never }) }), code: 'INVALID_OPTION', says: [/method "nul" returned weights of shape object/, /expected \[1,1,1,5\]/] },
  { name: 'custom method scores rows that do not exist', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: defineCamMethod({ name: 'rows', needsGradients: false, weights: (c) => { c.scoreActivations(c.activations, [5]); return c.activations; } }) }), code: 'INVALID_OPTION', says: [/rows must list, for each of the 1 rows, a sample index from 0 to 0/] },
  { name: 'custom method returns bad weights', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: defineCamMethod({ name: 'bad', needsGradients: true, weights: () => tf.zeros([1, 2]) as unknown as tf.Tensor4D }) }), code: 'INVALID_OPTION', says: [/method "bad" returned weights of shape \[1,2\]/, /expected \[1,1,1,5\] or \[1,4,4,5\]/] },
  { name: 'custom method reads gradients it did not ask for', fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method: defineCamMethod({ name: 'sneaky', needsGradients: false, weights: (c) => c.gradients }) }), code: 'INVALID_OPTION', says: [/method "sneaky" reads ctx.gradients but declares needsGradients: false/, /set needsGradients: true/] },
];

// Every method, by name through cam() and through its own function: the same checks, named after the caller.
const METHOD_FNS: Record<CamMethodName, [string, (m: unknown, x: tf.Tensor, o?: object) => unknown]> = {
  'grad-cam': ['gradCam', gradCam],
  'hires-cam': ['hiResCam', hiResCam],
  'grad-cam-elementwise': ['gradCamElementWise', gradCamElementWise],
  'xgrad-cam': ['xGradCam', xGradCam],
  'layer-cam': ['layerCam', layerCam],
  'grad-cam++': ['gradCamPlusPlus', gradCamPlusPlus],
  'score-cam': ['scoreCam', scoreCam],
  'ablation-cam': ['ablationCam', ablationCam],
  'eigen-cam': ['eigenCam', eigenCam],
  'eigen-grad-cam': ['eigenGradCam', eigenGradCam],
};
const methodRows: Row[] = camMethodNames.flatMap((method): Row[] => {
  const [fnName, direct] = METHOD_FNS[method];
  return [
    { name: `cam(${method}): layer not found`, fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method, layerName: 'nope' }), code: 'LAYER_NOT_FOUND', says: [/layerName "nope" not found/, /c2_fused_relu/] },
    { name: `cam(${method}): class out of range`, fn: 'cam', call: (f) => cam(f.net, f.t.x!, { method, classIndex: 7 }), code: 'INVALID_CLASS', says: [/classIndex 7 is out of range/, /0 to 3/] },
    { name: `cam(${method}): wrong channel count`, fn: 'cam', call: (f) => cam(f.net, f.t.gray!, { method }), code: 'INVALID_INPUT', says: [/channels 1 vs 3/] },
    { name: `${fnName}: model null`, fn: fnName, call: (f) => direct(null, f.t.x!), code: 'INVALID_MODEL', says: [/model must be/, /received null/] },
    { name: `${fnName}: target with the wrong shape (fails mid-pipeline)`, fn: fnName, call: (f) => direct(f.net, f.t.x2!, { target: (o: tf.Tensor) => tf.slice(o, [0, 0], [1, 1]) }), code: 'INVALID_TARGET', says: [/target must return a Tensor1D/, /returned shape \[1,1\]/] },
  ];
});

const opsRows: Row[] = [
  { name: 'overlay alpha 2', fn: 'overlay', call: (f) => overlay(f.t.img!, f.t.hm!, { alpha: 2 }), code: 'INVALID_OPTION', says: [/options\.alpha/, /a number in \[0, 1\]/, /received a number \(2\)/] },
  { name: 'overlay alpha -0.1', fn: 'overlay', call: (f) => overlay(f.t.img!, f.t.hm!, { alpha: -0.1 }), code: 'INVALID_OPTION', says: [/options\.alpha/, /received a number \(-0\.1\)/] },
  { name: 'overlay alpha NaN', fn: 'overlay', call: (f) => overlay(f.t.img!, f.t.hm!, { alpha: NaN }), code: 'INVALID_OPTION', says: [/options\.alpha/, /received a number \(NaN\)/] },
  { name: 'overlay image/heatmap size mismatch', fn: 'overlay', call: (f) => overlay(f.t.img!, f.t.hm4!), code: 'INVALID_INPUT', says: [/heatmap is 4×4/, /image is 8×8/, /resizeMap\(heatmap, \[8, 8\]\)/] },
  { name: 'overlay image null', fn: 'overlay', call: (f) => overlay(null as never, f.t.hm!), code: 'INVALID_INPUT', says: [/image must be RGB \[H, W, 3\] or \[B, H, W, 3\]/, /received null/] },
  { name: 'overlay unknown colormap', fn: 'overlay', call: (f) => overlay(f.t.img!, f.t.hm!, { colormap: 'rainbow' as never }), code: 'INVALID_COLORMAP', says: [/colormap "rainbow" is unknown/, /jet, turbo/, /fromStops/] },
  { name: 'overlay disposed image', fn: 'overlay', call: (f) => overlay(f.t.deadImg!, f.t.hm!), code: 'DISPOSED', says: [/image has been disposed \(shape \[1, 8, 8, 3\]\)/, /pass a live tensor/] },
  { name: 'overlay string heatmap', fn: 'overlay', call: (f) => overlay(f.t.img!, f.t.strHm!), code: 'INVALID_INPUT', says: [/heatmap has dtype string/, /allowed: a numeric tensor/] },
  { name: 'overlay RGBA image', fn: 'overlay', call: (f) => overlay(f.t.rgba!, f.t.hm!), code: 'INVALID_INPUT', says: [/image must have 3 channels \(RGB\)/, /shape \[1, 8, 8, 4\]/, /Drop the alpha channel/] },
  { name: 'overlay options null', fn: 'overlay', call: (f) => overlay(f.t.img!, f.t.hm!, null as never), code: 'INVALID_OPTION', says: [/options must be an object \{ alpha\?, colormap\? \}/, /received null/] },
  { name: 'minMaxNormalize disposed', fn: 'minMaxNormalize', call: (f) => minMaxNormalize(f.t.deadHm as tf.Tensor3D), code: 'DISPOSED', says: [/x has been disposed/] },
  { name: 'minMaxNormalize string', fn: 'minMaxNormalize', call: (f) => minMaxNormalize(f.t.strHm as tf.Tensor3D), code: 'INVALID_INPUT', says: [/x has dtype string/] },
  { name: 'minMaxNormalize rank 1', fn: 'minMaxNormalize', call: (f) => minMaxNormalize(f.t.vec as never), code: 'INVALID_INPUT', says: [/x must be a batch of maps \[B, h, w\] or one map \[h, w\]/, /received a float32 tensor of shape \[3\]/] },
  { name: 'minMaxNormalize rank 4', fn: 'minMaxNormalize', call: (f) => minMaxNormalize(f.t.t4 as never), code: 'INVALID_INPUT', says: [/x must be a batch of maps/, /shape \[1, 2, 2, 1\]/] },
  { name: 'minMaxNormalize eps NaN', fn: 'minMaxNormalize', call: (f) => minMaxNormalize(f.t.hm as tf.Tensor3D, NaN), code: 'INVALID_OPTION', says: [/eps must be a finite number >= 0/, /received a number \(NaN\)/] },
  { name: 'resizeMap size [0, 5]', fn: 'resizeMap', call: (f) => resizeMap(f.t.hm as tf.Tensor3D, [0, 5]), code: 'INVALID_OPTION', says: [/size must be \[height, width\] with two positive integers/, /received \[0, 5\]/] },
  { name: 'resizeMap size a number', fn: 'resizeMap', call: (f) => resizeMap(f.t.hm as tf.Tensor3D, 5 as never), code: 'INVALID_OPTION', says: [/size must be \[height, width\]/, /received a number \(5\)/] },
  { name: 'resizeMap one map [h, w]', fn: 'resizeMap', call: (f) => resizeMap(f.t.hm2 as never, [4, 4]), code: 'INVALID_INPUT', says: [/x must be a batch of maps \[B, h, w\]/, /shape \[8, 8\]/, /tf\.expandDims/] },
  { name: 'resizeMap disposed', fn: 'resizeMap', call: (f) => resizeMap(f.t.deadHm as tf.Tensor3D, [4, 4]), code: 'DISPOSED', says: [/x has been disposed/] },
  { name: 'resizeMap alignCorners "y"', fn: 'resizeMap', call: (f) => resizeMap(f.t.hm as tf.Tensor3D, [4, 4], { alignCorners: 'y' as never }), code: 'INVALID_OPTION', says: [/options\.alignCorners must be a boolean/, /received the string "y"/] },
  { name: 'weightedCombination disposed weights', fn: 'weightedCombination', call: (f) => weightedCombination(f.t.acts as tf.Tensor4D, f.t.deadW as tf.Tensor4D), code: 'DISPOSED', says: [/weights has been disposed/] },
  { name: 'weightedCombination string activations', fn: 'weightedCombination', call: (f) => weightedCombination(f.t.strActs as tf.Tensor4D, f.t.w2 as tf.Tensor4D), code: 'INVALID_INPUT', says: [/activations has dtype string/] },
  { name: 'weightedCombination channel mismatch', fn: 'weightedCombination', call: (f) => weightedCombination(f.t.acts as tf.Tensor4D, f.t.w2 as tf.Tensor4D), code: 'INVALID_INPUT', says: [/weights of shape \[1, 1, 1, 2\] do not match activations of shape \[1, 4, 4, 3\]/, /expected \[1, 1, 1, 3\]/] },
  { name: 'weightedCombination batch mismatch', fn: 'weightedCombination', call: (f) => weightedCombination(f.t.acts as tf.Tensor4D, f.t.wB as tf.Tensor4D), code: 'INVALID_INPUT', says: [/weights of shape \[2, 1, 1, 3\]/, /expected/] },
  { name: 'globalAveragePool rank 3', fn: 'globalAveragePool', call: (f) => globalAveragePool(f.t.acts3 as never), code: 'INVALID_INPUT', says: [/x must be a 4-D tensor \[B, h, w, K\]/, /shape \[4, 4, 3\]/] },
  { name: 'globalAveragePool disposed', fn: 'globalAveragePool', call: (f) => globalAveragePool(f.t.deadActs as tf.Tensor4D), code: 'DISPOSED', says: [/x has been disposed/] },
  { name: 'relu string', fn: 'relu', call: (f) => relu(f.t.strHm!), code: 'INVALID_INPUT', says: [/x has dtype string/] },
  { name: 'principalComponentMap string', fn: 'principalComponentMap', call: (f) => principalComponentMap(f.t.strActs as tf.Tensor4D), code: 'INVALID_INPUT', says: [/x has dtype string/] },
  { name: 'deprocessGradients disposed', fn: 'deprocessGradients', call: (f) => deprocessGradients(f.t.deadImg as tf.Tensor4D), code: 'DISPOSED', says: [/x has been disposed/] },
  { name: 'relu(null)', fn: 'relu', call: () => relu(null as never), code: 'INVALID_INPUT', says: [/x must be a tensor/, /received null/] },
  { name: 'principalComponentMap rank 3', fn: 'principalComponentMap', call: (f) => principalComponentMap(f.t.acts3 as never), code: 'INVALID_INPUT', says: [/x must be a \[B,h,w,K\] tensor/, /shape \[4, 4, 3\]/] },
  { name: 'deprocessGradients rank 2', fn: 'deprocessGradients', call: (f) => deprocessGradients(f.t.hm2 as never), code: 'INVALID_INPUT', says: [/x must be gradients \[B,H,W,C\] or \[H,W,C\]/, /shape \[8, 8\]/] },
  { name: 'preprocessImage unknown mode', fn: 'preprocessImage', call: (f) => preprocessImage(f.t.img as tf.Tensor4D, { mode: 'torch' as never }), code: 'INVALID_OPTION', says: [/options\.mode must be one of 'unit', 'symmetric', 'imagenet', 'caffe', 'none'/, /received the string "torch"/] },
  { name: 'preprocessImage mode function returns a scalar', fn: 'preprocessImage', call: (f) => preprocessImage(f.t.img as tf.Tensor4D, { mode: (x) => tf.sum(x) }), code: 'INVALID_OPTION', says: [/options\.mode function must return a 4-D tensor/, /returned a float32 tensor of shape \[\]/] },
  { name: 'preprocessImage size [0, 1]', fn: 'preprocessImage', call: (f) => preprocessImage(f.t.img as tf.Tensor4D, { size: [0, 1] }), code: 'INVALID_OPTION', says: [/options\.size must be \[height, width\]/, /received \[0, 1\]/] },
  { name: 'preprocessImage RGBA', fn: 'preprocessImage', call: (f) => preprocessImage(f.t.rgba as tf.Tensor4D), code: 'INVALID_INPUT', says: [/image has 4 channel\(s\)/, /allowed: 3 \(RGB\)/, /Drop the alpha channel/] },
  { name: 'preprocessImage string', fn: 'preprocessImage', call: (f) => preprocessImage(f.t.strImg as never), code: 'INVALID_INPUT', says: [/image must be a numeric tensor/, /received a string tensor/] },
  { name: 'preprocessImage rank 2', fn: 'preprocessImage', call: (f) => preprocessImage(f.t.hm2 as never), code: 'INVALID_INPUT', says: [/image must be a numeric tensor \[H, W, C\] or \[B, H, W, C\]/, /shape \[8, 8\]/] },
];

const colormapRows: Row[] = [
  { name: 'getColormap unknown name', fn: 'getColormap', call: () => getColormap('rainbow'), code: 'INVALID_COLORMAP', says: [/colormap "rainbow" is unknown/, /built-in colormaps: jet/] },
  { name: 'getColormap a number', fn: 'getColormap', call: () => getColormap(5 as never), code: 'INVALID_COLORMAP', says: [/colormap must be a built-in name/, /received a number \(5\)/] },
  { name: 'applyColormap unknown name', fn: 'applyColormap', call: (f) => applyColormap(f.t.hm as tf.Tensor3D, 'rainbow' as never), code: 'INVALID_COLORMAP', says: [/colormap "rainbow" is unknown/] },
  { name: 'applyColormap rank 1', fn: 'applyColormap', call: (f) => applyColormap(f.t.vec as never), code: 'INVALID_INPUT', says: [/heatmap must be one map \[H, W\] or a batch \[B, H, W\]/, /shape \[3\]/] },
  { name: 'applyColormap disposed', fn: 'applyColormap', call: (f) => applyColormap(f.t.deadHm as tf.Tensor3D), code: 'DISPOSED', says: [/heatmap has been disposed/] },
  { name: 'applyColormap string', fn: 'applyColormap', call: (f) => applyColormap(f.t.strHm as tf.Tensor3D), code: 'INVALID_INPUT', says: [/heatmap has dtype string/] },
  { name: 'applyColormap a LUT of 3 bytes', fn: 'applyColormap', call: (f) => applyColormap(f.t.hm as tf.Tensor3D, { name: 'x', lut: new Uint8Array(3) }), code: 'INVALID_COLORMAP', says: [/Colormap \{ name: string, lut: Uint8Array\(768\) \}/, /lut is a Uint8Array of length 3/] },
  { name: 'colormapSwatch height 1.5', fn: 'colormapSwatch', call: () => colormapSwatch('jet', 4, 1.5), code: 'INVALID_OPTION', says: [/height must be a positive integer/, /received a number \(1\.5\)/] },
  { name: 'colormapSwatch width 0', fn: 'colormapSwatch', call: () => colormapSwatch('jet', 0), code: 'INVALID_OPTION', says: [/width must be a positive integer/, /received a number \(0\)/] },
  { name: 'fromLut wrong length', fn: 'fromLut', call: () => fromLut('short', new Uint8Array(10)), code: 'INVALID_COLORMAP', says: [/lut of "short" has length 10/, /expected 768/] },
  { name: 'fromLut non-byte values', fn: 'fromLut', call: () => fromLut('big', new Array<number>(768).fill(300)), code: 'INVALID_COLORMAP', says: [/index 0 of "big" must be an integer in \[0, 255\]/, /received a number \(300\)/] },
  { name: 'fromLut fractional values', fn: 'fromLut', call: () => fromLut('frac', new Array<number>(768).fill(0.5)), code: 'INVALID_COLORMAP', says: [/must be an integer in \[0, 255\]/, /received a number \(0\.5\)/] },
  { name: 'fromLut null', fn: 'fromLut', call: () => fromLut('none', null as never), code: 'INVALID_COLORMAP', says: [/lut must be a Uint8Array or array of 768 bytes/, /received null/] },
  { name: 'fromStops unsorted', fn: 'fromStops', call: () => fromStops('back', [{ at: 1, color: [0, 0, 0] }, { at: 0, color: [1, 1, 1] }]), code: 'INVALID_COLORMAP', says: [/stop 1 of "back" is at 0, before stop 0 at 1/, /sort the stops by position/] },
  { name: 'fromStops position outside [0, 1]', fn: 'fromStops', call: () => fromStops('far', [{ at: 0, color: [0, 0, 0] }, { at: 2, color: [1, 1, 1] }]), code: 'INVALID_COLORMAP', says: [/stop 1 of "far" has at = a number \(2\)/, /positions must be numbers in \[0, 1\]/] },
  { name: 'fromStops position NaN', fn: 'fromStops', call: () => fromStops('nan', [{ at: NaN, color: [0, 0, 0] }, { at: 1, color: [1, 1, 1] }]), code: 'INVALID_COLORMAP', says: [/has at = a number \(NaN\)/] },
  { name: 'fromLut empty name', fn: 'fromLut', call: () => fromLut('', new Uint8Array(768)), code: 'INVALID_COLORMAP', says: [/name must be a non-empty string/, /received the string ""/] },
  { name: 'fromStops one stop', fn: 'fromStops', call: () => fromStops('one', [{ at: 0, color: [0, 0, 0] }]), code: 'INVALID_COLORMAP', says: [/"one" needs an array of at least 2 stops/, /received an array of length 1/] },
  { name: 'fromStops bad colour', fn: 'fromStops', call: () => fromStops('hex', [{ at: 0, color: '#zzzzzz' }, { at: 1, color: [1, 1, 1] }]), code: 'INVALID_COLORMAP', says: [/stop 0 of "hex" has color/, /'#rrggbb'/] },
  { name: 'fromStops colour in bytes', fn: 'fromStops', call: () => fromStops('bytes', [{ at: 0, color: [0, 0, 0] }, { at: 1, color: [255, 0, 0] }]), code: 'INVALID_COLORMAP', says: [/stop 1 of "bytes" has color \[255, 0, 0\]/, /divide bytes by 255/] },
  { name: 'fromFunction returns NaN', fn: 'fromFunction', call: () => fromFunction('nan', () => [NaN, 0, 0]), code: 'INVALID_COLORMAP', says: [/fn\(0\) for "nan" must return \[r, g, b\] with three finite numbers/, /received \[NaN, 0, 0\]/] },
  { name: 'fromFunction returns Infinity', fn: 'fromFunction', call: () => fromFunction('inf', (t) => [t > 0.5 ? Infinity : 0, 0, 0]), code: 'INVALID_COLORMAP', says: [/fn\(0\.50\d*\) for "inf"/, /received \[Infinity, 0, 0\]/] },
  { name: 'fromFunction returns two numbers', fn: 'fromFunction', call: () => fromFunction('rg', () => [1, 0] as never), code: 'INVALID_COLORMAP', says: [/must return \[r, g, b\]/, /received \[1, 0\]/] },
  { name: 'fromFunction not a function', fn: 'fromFunction', call: () => fromFunction('x', null as never), code: 'INVALID_COLORMAP', says: [/fn must be a function \(t: number\) => \[r, g, b\]/, /received null/] },
];

const defineRows: Row[] = [
  { name: 'defineCamMethod(null)', fn: 'defineCamMethod', call: () => defineCamMethod(null as never), code: 'INVALID_OPTION', says: [/pass \{ name, needsGradients, weights\(ctx\) \}/, /received null/] },
  { name: 'defineCamMethod without a name', fn: 'defineCamMethod', call: () => defineCamMethod({ needsGradients: true, weights: () => tf.zeros([1, 1, 1, 1]) } as never), code: 'INVALID_OPTION', says: [/name must be a non-empty string/, /received undefined/] },
  { name: 'defineCamMethod needsGradients "yes"', fn: 'defineCamMethod', call: () => defineCamMethod({ name: 'm', needsGradients: 'yes', weights: () => tf.zeros([1, 1, 1, 1]) } as never), code: 'INVALID_OPTION', says: [/needsGradients must be true or false/, /received yes/] },
  { name: 'defineCamMethod weights not a function', fn: 'defineCamMethod', call: () => defineCamMethod({ name: 'm', needsGradients: true, weights: 3 } as never), code: 'INVALID_OPTION', says: [/weights must be a function \(ctx\) => Tensor4D/, /received number/] },
  { name: 'defineCamMethod unknown combine', fn: 'defineCamMethod', call: () => defineCamMethod({ name: 'm', needsGradients: true, weights: () => tf.zeros([1, 1, 1, 1]), combine: 'max' } as never), code: 'INVALID_OPTION', says: [/combine must be 'sum' or 'eigen'/, /received max/] },
];

const nodeRows: Row[] = [
  { name: 'saveOverlay alpha 2', fn: 'saveOverlay', call: (f) => saveOverlay(OUT, f.t.img3 as tf.Tensor3D, f.t.hm2 as tf.Tensor2D, { alpha: 2 }), code: 'INVALID_OPTION', says: [/options\.alpha/, /\[0, 1\]/, /received a number \(2\)/] },
  { name: 'saveOverlay alpha NaN', fn: 'saveOverlay', call: (f) => saveOverlay(OUT, f.t.img3 as tf.Tensor3D, f.t.hm2 as tf.Tensor2D, { alpha: NaN }), code: 'INVALID_OPTION', says: [/options\.alpha/, /received a number \(NaN\)/] },
  { name: 'saveOverlay heatmap an int32 vector', fn: 'saveOverlay', call: (f) => saveOverlay(OUT, f.t.img3 as tf.Tensor3D, f.t.cls as never), code: 'INVALID_INPUT', says: [/heatmap must be one map \[H, W\] or a batch \[B, H, W\]/, /received an int32 tensor of shape \[1\]/] },
  { name: 'saveOverlay path a number', fn: 'saveOverlay', call: (f) => saveOverlay(5 as never, f.t.img3 as tf.Tensor3D, f.t.hm2 as tf.Tensor2D), code: 'INVALID_INPUT', says: [/path must be a non-empty string naming the PNG file/, /received number/] },
  { name: 'saveOverlay sampleIndex out of range', fn: 'saveOverlay', call: (f) => saveOverlay(OUT, f.t.img3 as tf.Tensor3D, f.t.hm as tf.Tensor3D, { sampleIndex: 5 }), code: 'INVALID_OPTION', says: [/options\.sampleIndex must be an integer in \[0, 1\)/, /received a number \(5\)/] },
  { name: 'writePng empty path', fn: 'writePng', call: (f) => writePng('', f.t.img3!), code: 'INVALID_INPUT', says: [/path must be a non-empty string naming the PNG file/, /received an empty string/] },
  { name: 'writePng string tensor', fn: 'writePng', call: (f) => writePng(OUT, f.t.strImg!), code: 'INVALID_INPUT', says: [/image has dtype string/, /numeric tensor/] },
  { name: 'writePng 5 channels', fn: 'writePng', call: (f) => writePng(OUT, f.t.ch5!), code: 'INVALID_INPUT', says: [/image has 5 channels \(shape \[8, 8, 5\]\)/, /1 \(grey\), 3 \(RGB\) or 4 \(RGBA\)/] },
  { name: 'writePng rank 1', fn: 'writePng', call: (f) => writePng(OUT, f.t.vec!), code: 'INVALID_INPUT', says: [/image has shape \[3\]/, /allowed: \[H, W\]/] },
  { name: 'writePng batch of 2', fn: 'writePng', call: (f) => writePng(OUT, f.t.x2!), code: 'INVALID_INPUT', says: [/\[2, 8, 8, 3\]/, /one image/] },
  { name: 'writePng disposed', fn: 'writePng', call: (f) => writePng(OUT, f.t.dead!), code: 'INVALID_INPUT', says: [/image is a disposed tensor/] },
  { name: 'writePng NaN pixels', fn: 'writePng', call: (f) => writePng(OUT, f.t.nanImg!), code: 'NON_FINITE_INPUT', says: [/image holds NaN/, /0\.\.255/] },
  { name: 'encodePng null', fn: 'encodePng', call: () => encodePng(null as never), code: 'INVALID_INPUT', says: [/image must be a tf\.Tensor/, /received null/] },
  { name: 'readImage path a number', fn: 'readImage', call: () => readImage(42 as never), code: 'INVALID_INPUT', says: [/path must be a non-empty string naming an image file/, /received number/] },
  { name: 'readImage missing file', fn: 'readImage', call: () => readImage('/nonexistent/tfjs-gradcam/x.png'), code: 'FILE_NOT_FOUND', says: [/no file at "\/nonexistent\/tfjs-gradcam\/x\.png"/, /check the path/] },
  { name: 'readImage options a string', fn: 'readImage', call: () => readImage(join(IMAGES, 'circle-1.png'), 'fast' as never), code: 'INVALID_OPTION', says: [/options must be an object like \{ maxPixels: 50e6 \}/, /received string/] },
  { name: 'readImage maxPixels NaN', fn: 'readImage', call: () => readImage(join(IMAGES, 'circle-1.png'), { maxPixels: NaN }), code: 'INVALID_OPTION', says: [/options\.maxPixels must be a positive number/, /received NaN/] },
  { name: 'readImage maxPixels 0', fn: 'readImage', call: () => readImage(join(IMAGES, 'circle-1.png'), { maxPixels: 0 }), code: 'INVALID_OPTION', says: [/options\.maxPixels must be a positive number/, /received 0/] },
  { name: 'readImage maxPixels -1', fn: 'readImage', call: () => readImage(join(IMAGES, 'circle-1.png'), { maxPixels: -1 }), code: 'INVALID_OPTION', says: [/options\.maxPixels/, /received -1/] },
  { name: 'decodeImage a string', fn: 'decodeImage', call: () => decodeImage('abc' as never), code: 'INVALID_INPUT', says: [/bytes must be a Uint8Array or Buffer/, /received string/, /readImage\(path\)/] },
  { name: 'loadLayersModel path a number', fn: 'loadLayersModel', call: () => loadLayersModel(7 as never), code: 'INVALID_INPUT', says: [/modelJsonPath must be a non-empty string/, /received number/] },
  { name: 'loadGraphModel path a number', fn: 'loadGraphModel', call: () => loadGraphModel(7 as never), code: 'INVALID_INPUT', says: [/modelJsonPath must be a non-empty string/, /received number/] },
  { name: 'saveLayersModel(null)', fn: 'saveLayersModel', call: () => saveLayersModel(null as never, '/tmp/tfjs-gradcam-badinput-model'), code: 'INVALID_MODEL', says: [/model must be a tfjs-layers LayersModel/, /received null/] },
  { name: 'savePanel result null', fn: 'savePanel', call: (f) => savePanel(OUT, f.t.img3 as tf.Tensor3D, null as never), code: 'INVALID_INPUT', says: [/result must be a CamResult/, /received null/] },
  { name: 'renderPanel result {}', fn: 'renderPanel', call: (f) => renderPanel(f.t.img3 as tf.Tensor3D, {} as never), code: 'INVALID_INPUT', says: [/result must be a CamResult/] },
  { name: 'renderPanel disposed image', fn: 'renderPanel', call: (f) => renderPanel(f.t.deadImg as tf.Tensor4D, { heatmap: f.t.hm as tf.Tensor3D, classIndex: f.t.cls as tf.Tensor1D, score: f.t.score as tf.Tensor1D, layerName: 'c3', method: 'grad-cam' }), code: 'INVALID_INPUT', says: [/image must be an RGB tensor/, /received a disposed float32 tensor of shape \[1, 8, 8, 3\]/] },
  { name: 'saveLayersModel folder a number', fn: 'saveLayersModel', call: (f) => saveLayersModel(f.net, 5 as never), code: 'INVALID_INPUT', says: [/dirPath must be a non-empty string naming the folder/, /received number/] },
  { name: 'jupyterDisplay string heatmap', fn: 'jupyterDisplay', call: (f) => jupyterDisplay(f.t.strHm as tf.Tensor3D), code: 'INVALID_INPUT', says: [/heatmap has dtype string/, /allowed: a numeric tensor/] },
  { name: 'jupyterDisplay disposed heatmap', fn: 'jupyterDisplay', call: (f) => jupyterDisplay(f.t.deadHm as tf.Tensor3D), code: 'INVALID_INPUT', says: [/heatmap is a disposed tensor/, /before calling result\.dispose\(\)/] },
  { name: 'display(null)', fn: 'display', call: () => display(null as never), code: 'INVALID_INPUT', says: [/value must be a heatmap tensor/, /received null/] },
  { name: 'jupyterDisplay(null)', fn: 'jupyterDisplay', call: () => jupyterDisplay(null as never), code: 'INVALID_INPUT', says: [/value must be a heatmap tensor \[H, W\] or \[B, H, W\], or a CamResult/, /received null/] },
];

const browserRows: Row[] = [
  { name: 'drawHeatmap in Node', fn: 'drawHeatmap', call: (f) => drawHeatmap({} as never, f.t.hm as tf.Tensor3D), code: 'WRONG_RUNTIME', says: [/needs the DOM's ImageData/, /import from 'tfjs-gradcam\/node'/] },
  { name: 'drawOverlay in Node', fn: 'drawOverlay', call: (f) => drawOverlay({} as never, f.t.img3 as tf.Tensor3D, f.t.hm2 as tf.Tensor2D), code: 'WRONG_RUNTIME', says: [/needs the DOM's ImageData/, /tfjs-gradcam\/node/] },
  { name: 'toImageData in Node', fn: 'toImageData', call: (f) => toImageData(f.t.img3 as tf.Tensor3D), code: 'WRONG_RUNTIME', says: [/needs the DOM's ImageData/, /writePng/] },
  { name: 'drawToCanvas in Node', fn: 'drawToCanvas', call: (f) => drawToCanvas(f.t.img3 as tf.Tensor3D, {} as never), code: 'WRONG_RUNTIME', says: [/needs the DOM's ImageData/] },
  { name: 'drawHeatmap heatmap rank 1', fn: 'drawHeatmap', call: (f) => drawHeatmap({} as never, f.t.vec as never), code: 'INVALID_INPUT', says: [/heatmap must be one map \[H, W\] or a batch \[B, H, W\]/, /shape \[3\]/] },
  { name: 'drawHeatmap coloured heatmap', fn: 'drawHeatmap', call: (f) => drawHeatmap({} as never, f.t.img as never), code: 'INVALID_INPUT', says: [/heatmap must be one map/, /already coloured: draw it with drawToCanvas/] },
  { name: 'drawHeatmap disposed heatmap', fn: 'drawHeatmap', call: (f) => drawHeatmap({} as never, f.t.deadHm as never), code: 'INVALID_INPUT', says: [/heatmap is a disposed tensor/] },
  { name: 'drawHeatmap index out of range', fn: 'drawHeatmap', call: (f) => drawHeatmap({} as never, f.t.hm as tf.Tensor3D, { index: 3 }), code: 'INVALID_OPTION', says: [/options\.index/, /integer in \[0, 0\]/, /received a number \(3\)/] },
  { name: 'drawOverlay index 1.5', fn: 'drawOverlay', call: (f) => drawOverlay({} as never, f.t.img3 as tf.Tensor3D, f.t.hm as tf.Tensor3D, { index: 1.5 }), code: 'INVALID_OPTION', says: [/options\.index/, /received a number \(1\.5\)/] },
  { name: 'drawOverlay string heatmap', fn: 'drawOverlay', call: (f) => drawOverlay({} as never, f.t.img3 as tf.Tensor3D, f.t.strHm as tf.Tensor3D), code: 'INVALID_INPUT', says: [/heatmap has dtype string/, /numeric tensor/] },
  { name: 'toImageData one map [H, W]', fn: 'toImageData', call: (f) => toImageData(f.t.hm2 as never), code: 'INVALID_INPUT', says: [/image has shape \[8, 8\]/, /RGB \[H, W, 3\] or RGBA \[H, W, 4\]/, /applyColormap\(heatmap\)/] },
  { name: 'toImageData string', fn: 'toImageData', call: (f) => toImageData(f.t.strImg3 as never), code: 'INVALID_INPUT', says: [/image has dtype string/] },
  { name: 'drawToCanvas string', fn: 'drawToCanvas', call: (f) => drawToCanvas(f.t.strImg3 as never, {} as never), code: 'INVALID_INPUT', says: [/image has dtype string/] },
  { name: 'fromImage ImageData with too few bytes', fn: 'fromImage', call: () => fromImage({ data: new Uint8ClampedArray(5), width: 2, height: 2 } as never), code: 'INVALID_INPUT', says: [/image data holds 5 bytes but a 2×2 RGBA image needs 16/] },
  { name: 'fromImage scale NaN', fn: 'fromImage', call: () => fromImage({ data: new Uint8ClampedArray(16), width: 2, height: 2 } as never, { scale: NaN }), code: 'INVALID_OPTION', says: [/options\.scale must be a finite number/, /received a number \(NaN\)/] },
  { name: 'fromImage size [0, 2]', fn: 'fromImage', call: () => fromImage({ data: new Uint8ClampedArray(16), width: 2, height: 2 } as never, { size: [0, 2] }), code: 'INVALID_OPTION', says: [/options\.size must be \[height, width\]/, /received \[0, 2\]/] },
  { name: 'fromImage(null)', fn: 'fromImage', call: () => fromImage(null as never), code: 'INVALID_INPUT', says: [/source must be an image/, /received null/, /ImageData/] },
  { name: 'fromImage({}) in Node', fn: 'fromImage', call: () => fromImage({} as never), code: 'INVALID_INPUT', says: [/source is not an image/, /received an object/, /readImage\(\)/] },
  { name: 'fromImage channels 2', fn: 'fromImage', call: () => fromImage({ data: new Uint8ClampedArray(16), width: 2, height: 2 } as never, { channels: 2 as never }), code: 'INVALID_OPTION', says: [/options\.channels must be 3 \(RGB, the default\) or 4/, /received a number \(2\)/] },
];

const ROWS: Row[] = [
  ...modelRows, ...inputRows, ...layerRows, ...classRows, ...optionRows, ...methodRows,
  ...opsRows, ...colormapRows, ...defineRows, ...nodeRows, ...browserRows,
];

// ---------------------------------------------------------------------------------------------
// Model snapshots: weights bit for bit, every layer's call/activation, and a prediction.

interface Snapshot {
  weights: Uint8Array[];
  fns: unknown[];
  predicted: Uint8Array;
}

function allLayers(model: tfl.LayersModel): tfl.layers.Layer[] {
  const out: tfl.layers.Layer[] = [];
  const walk = (layers: tfl.layers.Layer[]) => {
    for (const l of layers) {
      out.push(l);
      const inner = (l as unknown as { layers?: tfl.layers.Layer[] }).layers;
      if (Array.isArray(inner)) walk(inner);
    }
  };
  walk(model.layers);
  return out;
}

function bytes(t: tf.Tensor): Uint8Array {
  const d = t.dataSync() as Float32Array;
  return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
}

type AnyModel = tfl.LayersModel | Fixtures['graph'];

function snapshot(model: AnyModel, input: tf.Tensor | tf.Tensor[]): Snapshot {
  if (!(model instanceof tfl.LayersModel)) {
    // A GraphModel: its weight tensors and a prediction.
    const weights = Object.values(model.weights).flat().map((w) => bytes(w));
    const predicted = tf.tidy(() => bytes(model.predict(input as tf.Tensor) as tf.Tensor));
    return { weights, fns: [], predicted };
  }
  const weights = model.weights.map((w) => bytes(w.read()));
  const fns = allLayers(model).flatMap((l) => {
    const any = l as unknown as Record<string, unknown>;
    return [l.call, Object.prototype.hasOwnProperty.call(l, 'call'), any.activation, (any.activation as { apply?: unknown } | undefined)?.apply];
  });
  const predicted = tf.tidy(() => {
    const p = model.predict(input);
    return bytes(Array.isArray(p) ? tf.concat(p.map((q) => tf.reshape(q, [-1]))) : p);
  });
  return { weights, fns, predicted };
}

function expectSame(a: Snapshot, b: Snapshot, label: string): void {
  expect(b.weights.length, label).toBe(a.weights.length);
  a.weights.forEach((w, i) => expect(Buffer.compare(w, b.weights[i]!), `${label}: weight ${i}`).toBe(0));
  expect(b.fns.length, label).toBe(a.fns.length);
  a.fns.forEach((fn, i) => expect(b.fns[i] === fn, `${label}: layer function ${i}`).toBe(true));
  expect(Buffer.compare(a.predicted, b.predicted), `${label}: prediction`).toBe(0);
}

// ---------------------------------------------------------------------------------------------

describe('bad input, everywhere: a CamError with a stable code and a clear message, no leak, models untouched', () => {
  let live: Array<{ name: string; model: AnyModel; input: () => tf.Tensor | tf.Tensor[]; before?: Snapshot }>;

  beforeAll(async () => {
    F.graph = await tinyGraphModel();
    F.disposedGraph = await tinyGraphModel();
    F.disposedGraph.dispose();
    F.net = sequentialNet().model;
    F.nested = nestedSequentialNet().model;
    F.multiIn = twoInputModel();
    F.multiOut = twoOutputModel();
    F.disposedModel = sequentialNet(9).model;
    F.disposedModel.dispose();
    const t = F.t;
    t.x = randomInput([1, 8, 8, 3], 1);
    t.x2 = randomInput([2, 8, 8, 3], 2);
    t.x16 = randomInput([1, 16, 16, 3], 3);
    t.rank2 = tf.zeros([8, 8]);
    t.rank5 = tf.zeros([1, 1, 8, 8, 3]);
    t.gray = tf.zeros([1, 8, 8, 1]);
    t.tall = tf.zeros([1, 9, 8, 3]);
    t.boolX = tf.zeros([1, 8, 8, 3], 'bool');
    t.stringX = tf.tensor(new Array<string>(192).fill('a'), [1, 8, 8, 3]);
    t.nanX = tf.fill([1, 8, 8, 3], NaN);
    t.infX = tf.fill([1, 8, 8, 3], Infinity);
    t.empty = tf.zeros([0, 8, 8, 3]);
    t.dead = tf.zeros([1, 8, 8, 3]);
    t.dead.dispose();
    t.deadHm = tf.zeros([1, 8, 8]);
    t.deadHm.dispose();
    t.hm = tf.fill([1, 8, 8], 0.5);
    t.hm2 = tf.fill([8, 8], 0.5);
    t.hm4 = tf.fill([1, 4, 4], 0.5);
    t.img = tf.fill([1, 8, 8, 3], 100);
    t.img3 = tf.fill([8, 8, 3], 100);
    t.vec = tf.zeros([3]);
    t.t4 = tf.zeros([1, 2, 2, 1]);
    t.acts = tf.ones([1, 4, 4, 3]);
    t.acts3 = tf.ones([4, 4, 3]);
    t.w2 = tf.ones([1, 1, 1, 2]);
    t.wB = tf.ones([2, 1, 1, 3]);
    t.ch5 = tf.zeros([8, 8, 5]);
    t.strImg = tf.tensor(new Array<string>(12).fill('a'), [2, 2, 3]);
    t.nanImg = tf.fill([2, 2, 3], NaN);
    t.strHm = tf.tensor(new Array<string>(64).fill('a'), [1, 8, 8]);
    t.strActs = tf.tensor(new Array<string>(48).fill('a'), [1, 4, 4, 3]);
    t.strImg3 = tf.tensor(new Array<string>(12).fill('a'), [2, 2, 3]);
    t.rgba = tf.fill([1, 8, 8, 4], 100);
    t.cls = tf.tensor1d([0], 'int32');
    t.score = tf.tensor1d([1]);
    for (const [name, shape] of [['deadImg', [1, 8, 8, 3]], ['deadActs', [1, 4, 4, 3]], ['deadW', [1, 1, 1, 3]]] as const) {
      t[name] = tf.zeros([...shape]);
      t[name]!.dispose();
    }
    live = [
      { name: 'sequential', model: F.net, input: () => F.t.x2! },
      { name: 'nested', model: F.nested, input: () => F.t.x16! },
      { name: 'multi-input', model: F.multiIn, input: () => [F.t.x!, F.t.x!] },
      { name: 'multi-output', model: F.multiOut, input: () => F.t.x! },
      { name: 'graph', model: F.graph, input: () => F.t.x16! },
    ];
    for (const m of live) m.before = snapshot(m.model, m.input());
  });

  afterAll(() => {
    for (const m of [F.net, F.nested, F.multiIn, F.multiOut, F.graph]) m.dispose();
    for (const t of Object.values(F.t)) if (!t.isDisposed) t.dispose();
  });

  it(`the table covers at least 60 bad inputs (${ROWS.length}) with unique names`, () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length);
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const before = tf.memory().numTensors;
    let caught: unknown;
    try {
      await row.call(F);
    } catch (e) {
      caught = e;
    }
    expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
    if (!(caught instanceof CamError)) throw new Error(`expected a CamError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
    expect(caught.name).toBe('CamError');
    expect(caught.code).toBe(row.code);
    expect(caught.message.startsWith(`${row.fn}(): `), caught.message).toBe(true);
    for (const re of row.says) expect(caught.message).toMatch(re);
    for (const m of live) expectSame(m.before!, snapshot(m.model, m.input()), `${m.name} after "${row.name}"`);
  });

  // Errors thrown by the caller's own code (a target, a method's weights) are not bad input: they
  // pass through unchanged, and still leave no tensor behind and the model as it was.
  const userThrows: Array<[string, (f: Fixtures, boom: Error) => unknown]> = [
    ...camMethodNames.map((method): [string, (f: Fixtures, boom: Error) => unknown] => [
      `cam(${method}): target throws on the first call`,
      (f, boom) => cam(f.net, f.t.x2!, { method, target: () => { throw boom; } }),
    ]),
    ...(['score-cam', 'ablation-cam'] as const).map((method): [string, (f: Fixtures, boom: Error) => unknown] => [
      `cam(${method}): target throws while scoring masked inputs`,
      (f, boom) => cam(f.net, f.t.x2!, { method, target: (o) => { if (o.shape[0] !== 2) throw boom; return tf.sum(o, 1) as tf.Tensor1D; } }),
    ]),
    ['custom method: weights() throws after allocating', (f, boom) => cam(f.net, f.t.x2!, { method: defineCamMethod({ name: 'boom', needsGradients: true, weights: (c) => { tf.mul(c.activations, 2); throw boom; } }) })],
    ['fromFunction: fn throws', (_f, boom) => fromFunction('boom', () => { throw boom; })],
    ['guidedBackprop: target throws', (f, boom) => guidedBackprop(f.net, f.t.x2!, { target: () => { throw boom; } })],
    ['guidedGradCam: target throws in the CAM pass', (f, boom) => guidedGradCam(f.net, f.t.x2!, { target: () => { throw boom; } })],
    ['guidedGradCam: target throws in the guided pass, after the CAM', (f, boom) => {
      let calls = 0;
      const target = (o: tf.Tensor) => {
        if (++calls > 1) throw boom; // the CAM pass scores once, then the guided pass
        return tf.sum(o, 1) as tf.Tensor1D;
      };
      try {
        return guidedGradCam(f.net, f.t.x2!, { target });
      } finally {
        expect(calls).toBe(2);
      }
    }],
  ];
  it.each(userThrows)('%s: the error passes through, no leak, model untouched', (_name, call) => {
    const boom = new Error('boom from user code');
    const before = tf.memory().numTensors;
    let caught: unknown;
    try {
      call(F, boom);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(boom);
    expect(tf.memory().numTensors).toBe(before);
    for (const m of live) expectSame(m.before!, snapshot(m.model, m.input()), `${m.name} after "${_name}"`);
  });

  it('every message has the same format: `fnName(): ` then a sentence, on one line', async () => {
    const messages: string[] = [];
    for (const row of ROWS) {
      try {
        await row.call(F);
      } catch (e) {
        messages.push((e as Error).message);
      }
    }
    expect(messages.length).toBe(ROWS.length);
    // Each says what is allowed or what to do.
    const ALLOWED = /\b(must|allowed|expected|expects|needs?|only|pass|give|use|check|resize|convert|load|draw|sort|set|leave|import|build|before)\b|(layers|nodes) with a 4-D output: /i;
    expect(messages.filter((m) => !ALLOWED.test(m))).toEqual([]);
    for (const m of messages) {
      expect(m, m).toMatch(/^[a-z][A-Za-z]*\(\): \S/);
      // One prefix only (a wrapped message would read `cam(): getCamMethod(): …`).
      expect(m.match(/^[a-z][A-Za-z]*\(\): [a-z][A-Za-z]*\(\): /), m).toBeNull();

    }
    // The codes the table covers.
    const codes = new Set(ROWS.map((r) => r.code));
    expect([...codes].sort()).toEqual([
      'DISPOSED', 'FILE_NOT_FOUND', 'INVALID_CLASS', 'INVALID_COLORMAP', 'INVALID_INPUT', 'INVALID_MODEL', 'INVALID_OPTION',
      'INVALID_TARGET', 'LAYER_NOT_FOUND', 'LAYER_NOT_SPATIAL', 'NON_FINITE_INPUT', 'UNSUPPORTED_MODEL', 'WRONG_RUNTIME',
    ]);
  });
});

// The command line: usage errors exit 2 and say what is allowed; a run where an input fails exits 1.
// The runs go in parallel (each starts Node and tsx), checked one by one.
describe.runIf(process.env.TFJS_BACKEND === 'cpu')('bad input, everywhere: the CLI', () => {
  const img = join(IMAGES, 'circle-1.png');
  const missing = '/nonexistent/tfjs-gradcam';
  const cases: Array<{ args: string[]; exit: number; stdout?: RegExp; says: RegExp[] }> = [
    { args: ['frob'], exit: 2, says: [/^tfjs-gradcam: unknown command "frob"; the commands are explain and layers\. See "tfjs-gradcam --help"\.$/m] },
    { args: ['explain', img, '--model', MODEL, '--zap'], exit: 2, says: [/^tfjs-gradcam: explain: Unknown option '--zap'\. See "tfjs-gradcam explain --help"\.$/m] },
    { args: ['explain', img], exit: 2, says: [/explain: --model <model\.json> is required/] },
    { args: ['explain', img, '--model', MODEL, '--alpha', '2'], exit: 2, says: [/--alpha "2" is not valid; give a number from 0 to 1/] },
    { args: ['explain', img, '--model', MODEL, '--class', 'x'], exit: 2, says: [/--class "x" is not valid; give a class index, an integer >= 0/] },
    { args: ['explain', img, '--model', MODEL, '--class', '-1'], exit: 2, says: [/--class needs a value; a value that starts with a dash must follow "=" \(e\.g\. --class=-1\)\. See/] },
    { args: ['explain', img, '--model', `${missing}/model.json`], exit: 2, says: [/--model: no file at "\/nonexistent\/tfjs-gradcam\/model\.json"/, /pass the path of the model's model\.json/] },
    { args: ['explain', `${missing}/a.png`, '--model', MODEL], exit: 2, says: [/no image to explain: \/nonexistent\/tfjs-gradcam\/a\.png: no such file or folder/] },
    // One input missing among good ones: the others are explained, the run exits 1.
    { args: ['explain', img, `${missing}/b.png`, '--model', MODEL, '--out', '/tmp/tfjs-gradcam-badinput-cli', '--backend', 'cpu'], exit: 1, stdout: /^ok\s+\S*circle-1\.png -> /, says: [/^failed\s+\/nonexistent\/tfjs-gradcam\/b\.png: no such file or folder$/m, /1 ok, 1 failed/] },
  ];

  it(`${cases.length} bad command lines: exit 2 (usage) or 1 (an input failed), one clear line on stderr, no stack`, async () => {
    // At most four at once: each run starts Node, tsx and (for explain) tfjs.
    const runs: Array<Awaited<ReturnType<typeof runCli>>> = [];
    for (let k = 0; k < cases.length; k += 4) runs.push(...(await Promise.all(cases.slice(k, k + 4).map((c) => runCli(c.args)))));
    runs.forEach((r, k) => {
      const c = cases[k]!;
      const label = `tfjs-gradcam ${c.args.join(' ')}`;
      expect(r.code, `${label}\n${r.stderr}`).toBe(c.exit);
      if (c.stdout) expect(r.stdout, label).toMatch(c.stdout);
      else expect(r.stdout, label).toBe('');
      if (c.exit === 2 && c.says.length > 0) {
        expect(r.stderr, label).toMatch(/^tfjs-gradcam: /);
        expect(r.stderr.trim().split('\n'), label).toHaveLength(1);
      }
      expect(r.stderr, label).not.toMatch(/\.\. See|at .*\.[jt]s:\d+|TypeError|Error:/);
      for (const re of c.says) expect(r.stderr, label).toMatch(re);
    });
  }, 240_000);
});
