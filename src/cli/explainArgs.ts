import type { BuiltinColormapName } from '../colormaps/colormap.js';
import { builtinColormapNames } from '../colormaps/builtinColormapNames.js';
import { camMethodNames, type CamMethodName } from '../methods/camMethodNames.js';
import { CliUsageError } from './cliUsageError.js';
import { parseCliArgs, type OptionSpec } from './parseCliArgs.js';

/** Options of `tfjs-gradcam explain` (the help text lists each one). @internal */
export const explainOptionSpec: OptionSpec = {
  model: { type: 'string', short: 'm' },
  layer: { type: 'string', short: 'l' },
  class: { type: 'string', short: 'c' },
  method: { type: 'string' },
  colormap: { type: 'string' },
  alpha: { type: 'string' },
  size: { type: 'string' },
  preprocess: { type: 'string' },
  labels: { type: 'string' },
  out: { type: 'string', short: 'o' },
  panel: { type: 'boolean' },
  'batch-size': { type: 'string' },
  'aug-smooth': { type: 'boolean' },
  'eigen-smooth': { type: 'boolean' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** The checked options of `explain`. @internal */
export interface ExplainArgs {
  help: boolean;
  inputs: string[];
  model: string;
  layer?: string;
  classIndex?: number;
  method: CamMethodName;
  colormap: BuiltinColormapName;
  alpha: number;
  size: 'auto' | [number, number];
  preprocess: 'unit' | 'symmetric' | 'imagenet' | 'caffe' | 'none';
  labels?: string;
  out: string;
  panel: boolean;
  batchSize?: number;
  augSmooth: boolean;
  eigenSmooth: boolean;
  json: boolean;
  backend: 'wasm' | 'cpu';
}

const PREPROCESS = ['unit', 'symmetric', 'imagenet', 'caffe', 'none'] as const;

/**
 * Parses and checks `explain`'s arguments.
 * @throws CliUsageError naming the option, the value and what is allowed.
 * @internal
 */
export function parseExplainArgs(argv: string[]): ExplainArgs {
  const { values: v, positionals } = parseCliArgs('explain', argv, explainOptionSpec);
  const str = (k: string) => v[k] as string | undefined;
  const bad = (flag: string, got: string, allowed: string) => new CliUsageError(`explain: --${flag} ${JSON.stringify(got)} is not valid; ${allowed}.`);
  const help = v.help === true;
  if (help) return { help, inputs: [], model: '', method: 'grad-cam', colormap: 'jet', alpha: 0.5, size: 'auto', preprocess: 'unit', out: '', panel: false, augSmooth: false, eigenSmooth: false, json: false, backend: 'wasm' };

  const model = str('model');
  if (model === undefined || model === '') throw new CliUsageError('explain: --model <model.json> is required. See "tfjs-gradcam explain --help".');
  if (positionals.length === 0) throw new CliUsageError('explain: give at least one image file, folder or glob. See "tfjs-gradcam explain --help".');

  const method = str('method') ?? 'grad-cam';
  if (!(camMethodNames as readonly string[]).includes(method)) throw bad('method', method, `allowed: ${camMethodNames.join(', ')}`);
  const colormap = str('colormap') ?? 'jet';
  if (!(builtinColormapNames as readonly string[]).includes(colormap)) throw bad('colormap', colormap, `allowed: ${builtinColormapNames.join(', ')}`);
  const alphaText = str('alpha') ?? '0.5';
  const alpha = Number(alphaText);
  if (alphaText.trim() === '' || !(alpha >= 0 && alpha <= 1)) throw bad('alpha', alphaText, 'give a number from 0 to 1');
  const sizeText = str('size') ?? 'auto';
  let size: ExplainArgs['size'] = 'auto';
  if (sizeText !== 'auto') {
    const m = /^(\d+)[x×,](\d+)$/i.exec(sizeText.trim());
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw bad('size', sizeText, 'give HEIGHTxWIDTH in pixels (e.g. 224x224) or auto');
    size = [Number(m[1]), Number(m[2])];
  }
  const preprocess = str('preprocess') ?? 'unit';
  if (!(PREPROCESS as readonly string[]).includes(preprocess)) throw bad('preprocess', preprocess, `allowed: ${PREPROCESS.join(', ')}`);
  let classIndex: number | undefined;
  const classText = str('class');
  if (classText !== undefined) {
    classIndex = Number(classText);
    if (!/^\d+$/.test(classText.trim())) throw bad('class', classText, 'give a class index, an integer >= 0');
  }
  let batchSize: number | undefined;
  const batchText = str('batch-size');
  if (batchText !== undefined) {
    batchSize = Number(batchText);
    if (!/^\d+$/.test(batchText.trim()) || batchSize < 1) throw bad('batch-size', batchText, 'give an integer >= 1');
  }
  const backend = str('backend') ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw bad('backend', backend, 'allowed: wasm, cpu');
  const out = str('out') ?? 'tfjs-gradcam-out';
  if (out === '') throw bad('out', out, 'give a folder');
  const layer = str('layer');
  if (layer === '') throw bad('layer', layer, 'give a layer name or path (see "tfjs-gradcam layers")');

  return {
    help,
    inputs: positionals,
    model,
    layer,
    classIndex,
    method: method as CamMethodName,
    colormap: colormap as BuiltinColormapName,
    alpha,
    size,
    preprocess: preprocess as ExplainArgs['preprocess'],
    labels: str('labels'),
    out,
    panel: v.panel === true,
    batchSize,
    augSmooth: v['aug-smooth'] === true,
    eigenSmooth: v['eigen-smooth'] === true,
    json: v.json === true,
    backend,
  };
}
