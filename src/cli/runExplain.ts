import * as tf from '@tensorflow/tfjs-core';
import { lstat, mkdir, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CamCache } from '../core/camCache.js';
import type { CamResult } from '../core/camResult.js';
import { CamError } from '../core/errors.js';
import { cam } from '../methods/cam.js';
import { readImage } from '../node/readImage.js';
import { saveOverlay } from '../node/saveOverlay.js';
import { savePanel } from '../node/savePanel.js';
import { preprocessImage } from '../ops/preprocessImage.js';
import { CliUsageError } from './cliUsageError.js';
import type { ExpandedInputs, InputFile } from './expandInputs.js';
import type { ExplainArgs } from './explainArgs.js';
import { initBackend } from './initBackend.js';
import { quietTfjs } from './quietTfjs.js';
import { loadModelFile, type LoadedModel } from './loadModelFile.js';
import { ProgressBar } from './progressBar.js';

/** Errors that concern the model or the options, not one image: they stop the run (status 2). */
const RUN_LEVEL_CODES = new Set(['LAYER_NOT_FOUND', 'NO_SPATIAL_LAYER', 'LAYER_NOT_SPATIAL', 'LAYER_SHARED', 'LAYER_NOT_CONNECTED', 'UNSUPPORTED_MODEL', 'INVALID_MODEL', 'INVALID_CLASS', 'INVALID_OPTION', 'INVALID_TARGET']);

/** One line of `--json` output. */
type Record =
  | { file: string; ok: true; output: string; class: number; label?: string; score: number; layer: string; method: string; ms: number }
  | { file: string; ok: false; error: string; code: string };

/**
 * The part of `tfjs-gradcam explain` that needs tfjs, run once the arguments are checked and the
 * inputs found (`explainCommand` loads this module only then): starts the backend, loads the model,
 * checks it against the options, explains every image and writes one PNG per image into `--out`.
 * Returns the exit status: 0 all explained, 1 some image failed.
 *
 * @param args - the checked arguments.
 * @param checked - what `explainCommand` found before loading tfjs: the expanded `inputs` (at least
 *   one file, or not every argument a problem), the class names (`labels`), and `started`, the
 *   `performance.now()` when the command started (for the closing line).
 * @throws CliUsageError for an unloadable model, options that do not fit it, or a problem common to all images.
 * @internal
 */
export async function runExplain(
  args: ExplainArgs,
  checked: { inputs: ExpandedInputs; labels: string[] | undefined; started: number },
): Promise<number> {
  const { labels, started } = checked;
  const note = (line: string) => process.stderr.write(line + '\n');
  quietTfjs();
  const backend = await initBackend(args.backend, note);

  const loaded = await loadModelFile(args.model, 'explain');
  const cache = new CamCache();
  try {
    const { size, channels } = modelInput(loaded, args);
    checkClass(loaded, args.classIndex);
    const autoLayer = checkLayer(loaded, args.layer);

    const { files, problems } = checked.inputs;
    const outDir = resolve(args.out);
    await mkdir(outDir, { recursive: true }).catch((e: Error) => {
      throw new CliUsageError(`explain: cannot create the output folder ${JSON.stringify(args.out)}: ${e.message}`);
    });
    const outputs = await outputPaths(files, outDir, args.method);
    const realOut = await realpath(outDir);

    const total = files.length + problems.length;
    const bar = process.stderr.isTTY && total > 5 ? new ProgressBar(process.stderr, total) : undefined;
    const say = (to: NodeJS.WritableStream, line: string) => (bar ? bar.log(to, line) : to.write(line + '\n'));
    const emit = (r: Record) => {
      if (args.json) say(process.stdout, JSON.stringify(r));
      if (!r.ok) say(process.stderr, `failed  ${r.file}: ${r.error}`);
      else if (!args.json) say(process.stdout, `ok      ${r.file} -> ${r.output}  ${r.label ?? (r.class >= 0 ? `class ${r.class}` : 'custom target')}${r.label !== undefined ? ` (class ${r.class})` : ''}, score ${Number(r.score.toPrecision(4))}`);
    };

    let ok = 0;
    let failed = 0;
    let layer = autoLayer;
    for (const p of problems) {
      failed++;
      emit({ file: p.arg, ok: false, error: p.reason, code: 'FILE_NOT_FOUND' });
    }
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      bar?.update(problems.length + i, file.path);
      const t0 = performance.now();
      try {
        const r = await explainOne(file, outputs.get(file)!, loaded.model, args, { realOut, size, channels, labels, cache });
        layer = r.layer;
        ok++;
        emit({ file: file.path, ok: true, output: outputs.get(file)!.shown, ...r, ms: Math.round(performance.now() - t0) });
      } catch (e) {
        if (e instanceof CamError && RUN_LEVEL_CODES.has(e.code)) throw new CliUsageError(`explain: ${stripFunction(e.message)}`);
        failed++;
        emit({ file: file.path, ok: false, error: e instanceof Error ? stripFunction(e.message) : String(e), code: e instanceof CamError ? e.code : 'ERROR' });
      }
    }
    bar?.clear();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    note(`done: ${ok} ok, ${failed} failed in ${seconds} s (backend ${backend}, method ${args.method}${layer ? `, layer ${layer}` : ''}); outputs in ${shownPath(outDir)}`);
    return failed > 0 ? 1 : 0;
  } finally {
    cache.dispose();
    loaded.dispose();
  }
}

interface RunContext {
  /** Real path of --out (links followed): every output must land below it. */
  realOut: string;
  size: [number, number] | undefined;
  channels: number;
  labels: string[] | undefined;
  cache: CamCache;
}

/** Reads, preprocesses, explains and writes one image; every tensor is freed, also on failure. */
async function explainOne(
  file: InputFile,
  output: { path: string; inputClash: boolean },
  model: unknown,
  args: ExplainArgs,
  ctx: RunContext,
): Promise<{ class: number; label?: string; score: number; layer: string; method: string }> {
  if (output.inputClash) {
    throw new Error(`refusing to write ${JSON.stringify(shownPath(output.path))}: it is one of the input files; choose another --out`);
  }
  await checkOutputPath(output.path, ctx.realOut);
  const image = await readImage(file.path);
  let input: tf.Tensor4D | undefined;
  let result: CamResult | undefined;
  try {
    input = tf.tidy(() => {
      // Grey models: TensorFlow's rgb_to_grayscale weights (ITU-R BT.601), as a weighted sum
      // (tf.image.rgbToGrayscale uses Einsum, which the wasm backend lacks).
      const pixels = ctx.channels === 1 ? tf.sum(tf.mul(tf.cast(image, 'float32'), tf.tensor1d([0.2989, 0.587, 0.114])), -1, true) : image;
      return preprocessImage(pixels as tf.Tensor3D, { size: ctx.size, mode: args.preprocess });
    });
    result = cam(model, input, {
      method: args.method,
      layerName: args.layer,
      classIndex: args.classIndex,
      batchSize: args.batchSize,
      augSmooth: args.augSmooth || undefined,
      eigenSmooth: args.eigenSmooth || undefined,
      cache: ctx.cache,
    });
    if (args.panel) {
      // Small images are enlarged (nearest neighbour) so that the panel is about 300 pixels tall.
      const scale = Math.max(1, Math.min(4, Math.floor(300 / Math.max(image.shape[0], image.shape[1]))));
      await savePanel(output.path, image, result, { labels: ctx.labels, alpha: args.alpha, colormap: args.colormap, scale });
    } else {
      await saveOverlay(output.path, image, result.heatmap, { alpha: args.alpha, colormap: args.colormap });
    }
    const [k] = await result.classIndex.data();
    const [s] = await result.score.data();
    const label = k! >= 0 ? ctx.labels?.[k!] : undefined;
    return { class: k!, ...(label !== undefined ? { label } : {}), score: s!, layer: result.layerName, method: result.method };
  } finally {
    result?.dispose();
    input?.dispose();
    image.dispose();
  }
}

/**
 * Refuses to write `path` when a link would carry the write elsewhere: the deepest existing folder
 * on its way must lie inside `realOut` (a linked subfolder of --out pointing outside is refused),
 * and `path` itself must not be a link or a folder (writing would follow the link).
 */
async function checkOutputPath(path: string, realOut: string): Promise<void> {
  const shown = JSON.stringify(shownPath(path));
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const real = await realpath(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' && dirname(dir) !== dir) return undefined;
      throw e;
    });
    if (real === undefined) continue;
    const rel = relative(realOut, real);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new Error(`refusing to write ${shown}: its folder leads to ${JSON.stringify(real)}, outside --out (through a symbolic link); remove the link or choose another --out`);
    }
    break;
  }
  const info = await lstat(path).catch(() => undefined);
  if (info?.isSymbolicLink()) throw new Error(`refusing to write ${shown}: it is a symbolic link (to ${JSON.stringify(await readlink(path))}); remove it or choose another --out`);
  if (info?.isDirectory()) throw new Error(`refusing to write ${shown}: it is a folder; remove it or choose another --out`);
}

/** The resize target and channel count from the model's input shape and --size. */
function modelInput(loaded: LoadedModel, args: ExplainArgs): { size: [number, number] | undefined; channels: number } {
  const shape = loaded.split.inputShape;
  if (shape.length !== 4) {
    throw new CliUsageError(`explain: the model's input has shape [${shape.map(String).join(', ')}]; tfjs-gradcam explains image models with input [batch, height, width, channels].`);
  }
  const [, h, w, c] = shape;
  if (c !== 1 && c !== 3) {
    throw new CliUsageError(`explain: the model takes ${c} channels per pixel; the CLI feeds RGB (3) or grey (1) images.`);
  }
  const fixed = typeof h === 'number' && h > 0 && typeof w === 'number' && w > 0;
  if (args.size === 'auto') return { size: fixed ? [h, w] : undefined, channels: c };
  if (fixed && (h !== args.size[0] || w !== args.size[1])) {
    throw new CliUsageError(`explain: --size ${args.size.join('x')} does not match the model's input ${h}x${w}; use --size auto or ${h}x${w}.`);
  }
  return { size: args.size, channels: c };
}

/** Checks --class against the model's number of outputs. */
function checkClass(loaded: LoadedModel, classIndex: number | undefined): void {
  if (classIndex === undefined) return;
  const shape = loaded.split.outputShape ?? [];
  const n = shape[shape.length - 1];
  if (typeof n === 'number' && n > 0 && classIndex >= n) {
    throw new CliUsageError(`explain: --class ${classIndex} is out of range; the model has ${n} output${n === 1 ? '' : 's'} (classes 0..${n - 1}).`);
  }
}

/** Resolves --layer (or the automatic choice) once, before any image: a bad name stops the run. */
function checkLayer(loaded: LoadedModel, layer: string | undefined): string {
  try {
    return loaded.split.resolve(layer, 'explain');
  } catch (e) {
    throw new CliUsageError(`explain: ${stripFunction((e as Error).message).replace(/^explain: /, '')}`);
  }
}

/**
 * `<out>/<stem>-<method>.png` for every input, numbered `-2`, `-3`, ... where two inputs would
 * share a name; flags outputs that are input files (those are never written) and refuses any
 * path outside `outDir`.
 */
async function outputPaths(files: InputFile[], outDir: string, method: string): Promise<Map<InputFile, { path: string; shown: string; inputClash: boolean }>> {
  const inputs = new Set<string>();
  for (const f of files) (inputs.add(f.real), inputs.add(resolve(f.path)));
  const realOut = await realpath(outDir).catch(() => outDir);
  const taken = new Set<string>();
  const out = new Map<InputFile, { path: string; shown: string; inputClash: boolean }>();
  for (const f of files) {
    let path = join(outDir, `${f.stem}-${method}.png`);
    for (let n = 2; taken.has(path); n++) path = join(outDir, `${f.stem}-${method}-${n}.png`);
    taken.add(path);
    const rel = relative(outDir, path);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new CliUsageError(`explain: internal error: ${path} lies outside --out`);
    const real = join(realOut, rel);
    const parentReal = await realpath(dirname(path)).catch(() => dirname(real));
    const inputClash = inputs.has(path) || inputs.has(real) || inputs.has(join(parentReal, basename(path)));
    out.set(f, { path, shown: shownPath(path), inputClash });
  }
  return out;
}

/** A path as the user will read it: relative to the working folder when below it. */
function shownPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? p : rel;
}

/** Drops the `fnName(): ` prefix of a library message (the CLI names the file instead). */
function stripFunction(message: string): string {
  return message.replace(/^[A-Za-z]+\(\): /, '');
}
