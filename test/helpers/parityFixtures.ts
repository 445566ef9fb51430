/**
 * Reads the pytorch-grad-cam reference fixtures in test/fixtures/parity/ (written by
 * tools/parity/generate.py): three small tfjs-layers models exported from PyTorch with the same
 * weights, their fixed inputs and logits, and for each case the raw per-layer maps and the final maps
 * pytorch-grad-cam computed. Arrays come back as plain `{ shape, data }` (float32, row-major, NHWC);
 * no tensor is created except by `loadParityModel`.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'parity');

/** A float32 array with its shape (row-major; maps NHWC [B,h,w], inputs [B,H,W,C]). */
export interface ParityArray {
  shape: number[];
  data: Float32Array;
}

/** The pytorch-grad-cam class of a case. */
export type ParityMethod =
  | 'GradCAM' | 'HiResCAM' | 'GradCAMElementWise' | 'XGradCAM' | 'LayerCAM' | 'GradCAMPlusPlus'
  | 'ScoreCAM' | 'AblationCAM' | 'EigenCAM' | 'EigenGradCAM';

/** One of the six `aug_smooth` variants (HorizontalFlip × Multiply[0.9, 1, 1.1]), in PGC's order. */
export interface ParityAugVariant {
  hflip: boolean;
  factor: number;
  /** Classes this variant explained (its own arg-max when the case's classIndex is null). */
  classes: number[];
  /** Raw map [B,h,w] of the augmented (flipped, scaled) input, in the augmented frame. */
  raw: ParityArray;
}

/** One pytorch-grad-cam run: a method, its target layer(s), classes and options, and its outputs. */
export interface ParityCase {
  /** e.g. `seq/GradCAM/conv3/fixed`, `dag/GradCAM/head_conv/default/eigenSmooth`. */
  id: string;
  model: string;
  method: ParityMethod;
  /** tfjs layer paths (`base/pw` inside the nested model); several for multi-layer aggregation. */
  layerNames: string[];
  /** The PyTorch modules (always ReLUs) hooked as target layers, same order. */
  pgcModules: string[];
  /** Classes passed explicitly, one per sample; null = PGC's default (arg-max of the logits). */
  classIndex: number[] | null;
  options: { eigenSmooth?: boolean; augSmooth?: boolean; batchSize?: number };
  /** The model's fixed input, NHWC [B,H,W,3]. */
  input: ParityArray;
  /** What PGC's get_cam_image returned per target layer, [B,h,w], before ReLU and min-max. */
  raw: ParityArray[];
  /** The output of PGC's cam(...), [B,H,W] in [0,1]. */
  final: ParityArray;
  /**
   * SVD-based maps only (EigenCAM, EigenGradCAM, eigenSmooth): PGC's post-processing applied to
   * −raw. The SVD sign is arbitrary per sample: sample b matches `final` or `finalNegated`.
   */
  finalNegated?: ParityArray;
  /** Classes explained per sample. */
  classes: number[];
  /** Logit of the explained class per sample (for augSmooth: of the unaugmented input). */
  scores: number[];
  /** augSmooth cases: the six variants' classes and raw maps. */
  augVariants?: ParityAugVariant[];
}

/** PGC's GuidedBackpropReLUModel, called once per sample: ∂logit/∂input through guided ReLUs. */
export interface ParityGuidedCase {
  id: string;
  model: string;
  classIndex: number[] | null;
  classes: number[];
  input: ParityArray;
  /** [B,H,W,3]. */
  grads: ParityArray;
}

interface EncodedArray {
  shape: number[];
  b64: string;
}
interface RawCase extends Omit<ParityCase, 'input' | 'raw' | 'final' | 'finalNegated' | 'augVariants'> {
  raw: EncodedArray[];
  final: EncodedArray;
  finalNegated?: EncodedArray;
  augVariants?: Array<Omit<ParityAugVariant, 'raw'> & { raw: EncodedArray }>;
}
interface RawModel {
  input: EncodedArray;
  logits: EncodedArray;
  outputs: EncodedArray;
  outputIsSoftmax: boolean;
  targetLayers: string[];
  layers: Record<string, string>;
  notes: string;
}
interface RawFile {
  meta: { versions: Record<string, string | null>; notes: string[] } & Record<string, unknown>;
  models: Record<string, RawModel>;
  cases: RawCase[];
  guidedBackprop: Array<Omit<ParityGuidedCase, 'input' | 'grads'> & { grads: EncodedArray }>;
}

let cached: RawFile | null = null;
function file(): RawFile {
  cached ??= JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as RawFile;
  return cached;
}

function decode(a: EncodedArray): ParityArray {
  const bytes = Buffer.from(a.b64, 'base64');
  const n = a.shape.reduce((x, y) => x * y, 1);
  if (bytes.length !== 4 * n) throw new Error(`parity fixture: ${bytes.length} bytes for shape [${a.shape.join(',')}]`);
  const data = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) data[i] = view.getFloat32(4 * i, true);
  return { shape: [...a.shape], data };
}

function modelEntry(name: string): RawModel {
  const m = file().models[name];
  if (m === undefined) throw new Error(`no parity model "${name}"; have ${parityModelNames().join(', ')}`);
  return m;
}

/** Names of the exported models: `seq`, `dag`, `nested`. */
export function parityModelNames(): string[] {
  return Object.keys(file().models);
}

/** Loads an exported model from test/fixtures/parity/<name>/model.json; the caller disposes it. */
export async function loadParityModel(name: string): Promise<LayersModel> {
  modelEntry(name);
  return loadLayersModel(join(DIR, name, 'model.json'));
}

/** The model's fixed input batch, NHWC [B,H,W,3]. */
export function parityInput(name: string): ParityArray {
  return decode(modelEntry(name).input);
}

/** PyTorch's pre-softmax outputs [B,classes] for the fixed input (what PGC's scores refer to). */
export function parityLogits(name: string): ParityArray {
  return decode(modelEntry(name).logits);
}

/** What the model returns for the fixed input (softmax probabilities for `nested`, else the logits). */
export function parityOutputs(name: string): ParityArray {
  return decode(modelEntry(name).outputs);
}

/** Model metadata: target layers (late first), tfjs layer → PyTorch modules, notes. */
export function parityModelInfo(name: string): { targetLayers: string[]; layers: Record<string, string>; outputIsSoftmax: boolean; notes: string } {
  const { targetLayers, layers, outputIsSoftmax, notes } = modelEntry(name);
  return { targetLayers, layers, outputIsSoftmax, notes };
}

/** Versions (torch, numpy, PGC commit, ...) and general notes of the fixture set. */
export function parityMeta(): RawFile['meta'] {
  return file().meta;
}

/** All CAM cases, or those of one model. */
export function parityCases(model?: string): ParityCase[] {
  return file()
    .cases.filter((c) => model === undefined || c.model === model)
    .map((c): ParityCase => {
      const { raw, final, finalNegated, augVariants, ...rest } = c;
      const out: ParityCase = { ...rest, input: parityInput(c.model), raw: raw.map(decode), final: decode(final) };
      if (finalNegated) out.finalNegated = decode(finalNegated);
      if (augVariants) out.augVariants = augVariants.map((v) => ({ ...v, raw: decode(v.raw) }));
      return out;
    });
}

/** Guided-backprop cases (default and fixed classes per model), or those of one model. */
export function parityGuidedCases(model?: string): ParityGuidedCase[] {
  return file()
    .guidedBackprop.filter((c) => model === undefined || c.model === model)
    .map((c): ParityGuidedCase => {
      const { grads, ...rest } = c;
      return { ...rest, input: parityInput(c.model), grads: decode(grads) };
    });
}
