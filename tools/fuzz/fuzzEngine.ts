// Seeded fuzzing of the Node adapter's file readers: mutated model.json files (and weight files)
// through loadLayersModel / loadGraphModel, mutated images through readImage and decodeImage.
// Every case either succeeds (the result is checked and disposed) or throws a CamError; anything
// else, a case slower than its budget, or a tensor or variable left behind is a finding.
// Shared by test/hardening/fuzz.test.ts (fixed budget, in CI) and tools/fuzz/fuzz.ts (long runs).
import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { crc32 } from '../../src/core/crc32.js';
import { CamError } from '../../src/core/errors.js';
import { mulberry32 } from '../../src/core/mulberry32.js';
import { decodeImage } from '../../src/node/decodeImage.js';
import { loadGraphModel } from '../../src/node/loadGraphModel.js';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';
import { readImage } from '../../src/node/readImage.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** A valid starting point: a model folder's files, or one image. */
export interface ModelSeed {
  name: string;
  kind: 'layers' | 'graph';
  json: string;
  weights: Uint8Array;
}
export interface ImageSeed {
  name: string;
  ext: string;
  bytes: Uint8Array;
}
export interface FuzzSeeds {
  models: ModelSeed[];
  images: ImageSeed[];
}

/** What one case did. */
export interface CaseResult {
  index: number;
  target: 'model' | 'image';
  /** The seed file and the mutations applied, enough to read what the case was. */
  description: string;
  /** `ok`, or the CamError code. */
  outcome: string;
  ms: number;
  /** Set when the case is a finding: a non-CamError, a slow case, a leak or a bad result. */
  problem?: string;
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  seed: number;
  modelCases: number;
  imageCases: number;
  /** Per-case time budget in ms (a slower case is a finding). */
  budgetMs: number;
  /** Passed to readImage / decodeImage. */
  maxPixels: number;
  /** Run only this case index (as printed by a finding). */
  only?: number;
  /** Folder for the case files (removed at the end). */
  workDir?: string;
  /** Called after every case. */
  onCase?: (r: CaseResult) => void;
}

export interface FuzzSummary {
  cases: number;
  ms: number;
  outcomes: Record<string, number>;
  findings: CaseResult[];
  slowest: CaseResult[];
}

/** Each case draws from its own generator, so `--only N` replays case N alone. */
function caseRandom(seed: number, index: number, salt: number): () => number {
  return mulberry32(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b) ^ salt);
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

/**
 * Loads the seeds: the example layers model, the test fixtures' tiny graph model, every PNG and
 * JPEG of examples/images and test/fixtures/images, and two WebP files made with sharp.
 */
export async function loadSeeds(): Promise<FuzzSeeds> {
  const models: ModelSeed[] = [];
  const exampleDir = join(ROOT, 'examples', 'model');
  models.push({ name: 'examples/model', kind: 'layers', json: await readFile(join(exampleDir, 'model.json'), 'utf8'), weights: new Uint8Array(await readFile(join(exampleDir, 'weights.bin'))) });
  const { tinyGraphArtifacts } = await import('../../test/fixtures/graphModels.js');
  const a = tinyGraphArtifacts();
  const graphJson = { format: 'graph-model', modelTopology: a.modelTopology, signature: a.signature, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] };
  models.push({ name: 'tinyGraph', kind: 'graph', json: JSON.stringify(graphJson), weights: new Uint8Array(a.weightData as ArrayBuffer) });
  const images: ImageSeed[] = [];
  for (const dir of [join(ROOT, 'examples', 'images'), join(ROOT, 'test', 'fixtures', 'images')]) {
    for (const name of (await readdir(dir)).sort()) {
      const ext = name.slice(name.lastIndexOf('.')).toLowerCase();
      if (ext !== '.png' && ext !== '.jpg') continue;
      images.push({ name: `${dir.slice(ROOT.length + 1)}/${name}`, ext, bytes: new Uint8Array(await readFile(join(dir, name))) });
    }
  }
  // WebP seeds (lossless and lossy) for the sharp path, when sharp is installed.
  try {
    const sharp = (await import('sharp')).default;
    const png = images.find((i) => i.name.endsWith('star-1.png'));
    if (png) {
      images.push({ name: 'star-1.png as lossless WebP', ext: '.webp', bytes: new Uint8Array(await sharp(png.bytes).webp({ lossless: true }).toBuffer()) });
      images.push({ name: 'star-1.png as lossy WebP', ext: '.webp', bytes: new Uint8Array(await sharp(png.bytes).webp({ quality: 80 }).toBuffer()) });
    }
  } catch {
    // without sharp, PNG and JPEG seeds only
  }
  return { models, images };
}

// ---------------------------------------------------------------- byte mutations

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

/** One byte-level mutation of `b` (a new array); `donor` supplies spliced chunks. Returns its name. */
function mutateBytes(r: Rand, input: Uint8Array, donor: Uint8Array): [Uint8Array, string] {
  // A copy as a plain Uint8Array: Buffer#slice would return a view and mutate the seed itself.
  const b = new Uint8Array(input);
  const n = b.length;
  const at = () => int(r, Math.max(1, n));
  switch (int(r, 8)) {
    case 0: {
      const out = b.slice();
      const flips = 1 + int(r, 8);
      for (let k = 0; k < flips && n > 0; k++) out[at()]! ^= 1 << int(r, 8);
      return [out, `flip ${flips} bits`];
    }
    case 1: {
      const i = at();
      const count = 1 + int(r, 16);
      const ins = Uint8Array.from({ length: count }, () => int(r, 256));
      return [concat(b.subarray(0, i), ins, b.subarray(i)), `insert ${count} bytes at ${i}`];
    }
    case 2: {
      const i = at();
      const count = 1 + int(r, 64);
      return [concat(b.subarray(0, i), b.subarray(i + count)), `delete ${count} bytes at ${i}`];
    }
    case 3: {
      const len = int(r, n + 1);
      return [b.slice(0, len), `truncate to ${len} bytes`];
    }
    case 4: {
      const i = at();
      const from = int(r, Math.max(1, donor.length));
      const len = 1 + int(r, 256);
      return [concat(b.subarray(0, i), donor.subarray(from, from + len), b.subarray(i + int(r, len + 1))), `splice ${len} donor bytes at ${i}`];
    }
    case 5: {
      const out = b.slice();
      const count = 1 + int(r, 4);
      for (let k = 0; k < count && n > 0; k++) out[at()] = pick(r, INTERESTING_BYTES);
      return [out, `set ${count} bytes to boundary values`];
    }
    case 6: {
      const i = at();
      const len = 1 + int(r, 128);
      const times = 2 + int(r, 30);
      const chunk = b.subarray(i, i + len);
      return [concat(b.subarray(0, i), ...Array.from({ length: times }, () => chunk), b.subarray(i + len)), `repeat ${len} bytes at ${i} ${times} times`];
    }
    default: {
      const out = b.slice();
      const i = at();
      const v = pick(r, [0, 1, 0xffff, 0x7fffffff, 0xffffffff, 100000, 65500]);
      for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (v >>> (24 - 8 * k)) & 255;
      return [out, `write uint32 ${v} at ${i}`];
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

// ---------------------------------------------------------------- header-aware image mutations


/** Recomputes the CRC of every whole chunk of a PNG in place; false when there is none. */
function fixPngCrcs(b: Uint8Array): boolean {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let fixed = false;
  for (let at = 8; at + 12 <= b.length; ) {
    const length = view.getUint32(at);
    if (at + 12 + length > b.length) break;
    view.setUint32(at + 8 + length, crc32(b.subarray(at + 4, at + 8 + length)));
    fixed = true;
    at += 12 + length;
  }
  return fixed;
}

/**
 * Mutates a PNG's inflated image data (filter bytes and samples; inserts and deletes change its
 * length) and deflates it again into one IDAT chunk with a valid CRC, so that the decoder's filter
 * and unpacking code runs on it instead of stopping at a zlib or CRC error.
 */
function mutatePixelStream(r: Rand, b: Uint8Array): [Uint8Array, string] | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const idat: Uint8Array[] = [];
  const before: Uint8Array[] = [];
  let end = -1;
  for (let at = 8; at + 12 <= b.length; ) {
    const length = view.getUint32(at);
    if (at + 12 + length > b.length) return undefined;
    const type = String.fromCharCode(...b.subarray(at + 4, at + 8));
    if (type === 'IDAT') idat.push(b.subarray(at + 8, at + 8 + length));
    else if (type === 'IEND') (end = at);
    else if (idat.length === 0) before.push(b.subarray(at, at + 12 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (idat.length === 0 || end < 0) return undefined;
  let raw: Uint8Array;
  try {
    raw = inflateSync(concat(...idat));
  } catch {
    return undefined;
  }
  const [mutated, what] = mutateBytes(r, raw, raw);
  const data = deflateSync(mutated);
  const chunk = new Uint8Array(12 + data.length);
  const cv = new DataView(chunk.buffer);
  cv.setUint32(0, data.length);
  chunk.set([0x49, 0x44, 0x41, 0x54], 4);
  chunk.set(data, 8);
  cv.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return [concat(b.subarray(0, 8), ...before, chunk, b.subarray(end)), `inflated image data: ${what}`];
}

const DIMENSIONS = [0, 1, 2, 255, 256, 4097, 65500, 65535, 100000, 0x7fffffff, 0xffffffff];

/** Rewrites the declared width or height (PNG IHDR with its CRC fixed or not; JPEG SOF). */
function mutateHeader(r: Rand, b: Uint8Array): [Uint8Array, string] | undefined {
  const out = new Uint8Array(b);
  if (b.length >= 33 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    const field = pick(r, [16, 20]);
    const v = pick(r, DIMENSIONS);
    new DataView(out.buffer).setUint32(field, v >>> 0);
    const fix = r() < 0.8;
    if (fix) new DataView(out.buffer).setUint32(29, crc32(out.subarray(12, 29)));
    return [out, `PNG IHDR ${field === 16 ? 'width' : 'height'} = ${v}${fix ? '' : ' (CRC left stale)'}`];
  }
  if (b[0] === 0xff && b[1] === 0xd8) {
    for (let i = 2; i + 9 < b.length; i++) {
      if (b[i] === 0xff && (b[i + 1] === 0xc0 || b[i + 1] === 0xc1 || b[i + 1] === 0xc2)) {
        const off = i + 5 + (r() < 0.5 ? 0 : 2);
        const v = pick(r, DIMENSIONS) & 0xffff;
        out[off] = v >> 8;
        out[off + 1] = v & 255;
        return [out, `JPEG SOF ${off === i + 5 ? 'height' : 'width'} = ${v}`];
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- JSON mutations

type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
type Slot = { parent: JsonValue[] | { [k: string]: JsonValue }; key: string | number; path: string };

function slots(v: JsonValue, path: string, out: Slot[]): Slot[] {
  if (Array.isArray(v)) v.forEach((c, i) => (out.push({ parent: v, key: i, path: `${path}[${i}]` }), slots(c, `${path}[${i}]`, out)));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) (out.push({ parent: v, key: k, path: `${path}.${k}` }), slots(v[k]!, `${path}.${k}`, out));
  return out;
}

const NUMBERS = (n: number): JsonValue[] => [0, -1, 1.5, n + 1, n - 1, n * 2, n * 1000, -n, 1e9, 2 ** 31, 2 ** 53, 1e308, null, String(n)];
const STRINGS: JsonValue[] = ['', '../weights.bin', '/etc/passwd', 'file:///etc/passwd', 'http://127.0.0.1/w.bin', 'weights.bin\u0000', 'sub/../weights.bin', 'float64', 'string', 'int32', 'uint8', 'float16', 'complex64', 'bool', 'graph-model', 'layers-model', 'Conv9D', 'relu', 'same', 'x'.repeat(1000)];

/** Applies 1-3 structure-aware mutations to a parsed model.json; returns their descriptions. */
function mutateJson(r: Rand, doc: JsonValue): string[] {
  const done: string[] = [];
  const count = 1 + int(r, 3);
  for (let m = 0; m < count; m++) {
    const all = slots(doc, '$', []);
    if (all.length === 0) break;
    // Half the time aim at the manifest and shapes, where the readers check the most.
    const focus = all.filter((s) => /weightsManifest|shape|dtype|paths|units|filters|kernel_size|batch_input_shape|format|class_name/.test(s.path));
    const slot = r() < 0.5 && focus.length > 0 ? pick(r, focus) : pick(r, all);
    const parent = slot.parent as Record<string | number, JsonValue>;
    const value = parent[slot.key]!;
    const set = (v: JsonValue, what: string) => ((parent[slot.key] = v), done.push(`${slot.path} ${what}`));
    const choice = int(r, 10);
    if (choice === 0) {
      if (Array.isArray(slot.parent)) (slot.parent.splice(slot.key as number, 1), done.push(`${slot.path} deleted`));
      else (delete parent[slot.key], done.push(`${slot.path} deleted`));
    } else if (choice === 1) {
      const other = pick(r, all);
      const copy = structuredClone((other.parent as Record<string | number, JsonValue>)[other.key]!);
      set(copy, `= copy of ${other.path}`);
    } else if (choice === 2) {
      set(pick(r, [null, true, 0, '', [], {}, [1e9, 1e9], [-1], [0], 'x'] as JsonValue[]), 'changed type');
    } else if (typeof value === 'number') {
      const v = pick(r, NUMBERS(value));
      set(v, `= ${JSON.stringify(v)}`);
    } else if (typeof value === 'string') {
      const v = r() < 0.7 ? pick(r, STRINGS) : value + pick(r, ['_1', '/x', '..', ' ']);
      set(v, `= ${JSON.stringify(v).slice(0, 40)}`);
    } else if (Array.isArray(value)) {
      const op = int(r, 5);
      if (op === 0 && value.length > 0) (value.push(structuredClone(value[int(r, value.length)]!)), done.push(`${slot.path} element duplicated`));
      else if (op === 1) set([], '= []');
      else if (op === 2) (value.reverse(), done.push(`${slot.path} reversed`));
      else if (op === 3) (value.push(pick(r, [1, 1e9, -1, null, 'x'] as JsonValue[])), done.push(`${slot.path} element appended`));
      else set([1e9, 1e9], '= [1e9, 1e9]');
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length > 0 && r() < 0.6) {
        const k = pick(r, keys);
        delete (value as Record<string, JsonValue>)[k];
        done.push(`${slot.path}.${k} deleted`);
      } else set(pick(r, [[], null, 'x', 0] as JsonValue[]), 'object replaced');
    } else {
      set(pick(r, [1, 'x', {}, [], false] as JsonValue[]), 'changed type');
    }
  }
  return done;
}

// ---------------------------------------------------------------- running cases

/** Files a model case writes: model.json text, weights.bin bytes, and a description. */
function modelCase(r: Rand, seeds: FuzzSeeds): { seed: ModelSeed; json: Uint8Array | string; weights: Uint8Array; description: string[] } {
  const seed = pick(r, seeds.models);
  const description = [`seed ${seed.name}`];
  let json: Uint8Array | string = seed.json;
  const mode = r();
  if (mode < 0.7) {
    const doc = JSON.parse(seed.json) as JsonValue;
    description.push(...mutateJson(r, doc));
    json = JSON.stringify(doc);
  } else {
    const donor = pick(r, seeds.models).json;
    const [bytes, what] = mutateBytes(r, Buffer.from(seed.json), Buffer.from(donor));
    description.push(`model.json: ${what}`);
    json = bytes;
  }
  let weights = seed.weights;
  if (r() < 0.15) {
    const [bytes, what] = mutateBytes(r, weights, pick(r, seeds.models).weights);
    description.push(`weights.bin: ${what}`);
    weights = bytes;
  }
  return { seed, json, weights, description };
}

function imageCase(r: Rand, seeds: FuzzSeeds): { seed: ImageSeed; bytes: Uint8Array; ext: string; description: string[] } {
  const seed = pick(r, seeds.images);
  const description = [`seed ${seed.name}`];
  let bytes = seed.bytes;
  if (seed.ext === '.png' && r() < 0.25) {
    const inner = mutatePixelStream(r, bytes);
    if (inner) {
      description.push(inner[1]);
      return { seed, bytes: inner[0], ext: seed.ext, description };
    }
  }
  const header = r() < 0.25 ? mutateHeader(r, bytes) : undefined;
  if (header) ((bytes = header[0]), description.push(header[1]));
  const count = header ? int(r, 2) : r() < 0.7 ? 1 : 2 + int(r, 2);
  for (let k = 0; k < count; k++) {
    const [b, what] = mutateBytes(r, bytes, pick(r, seeds.images).bytes);
    bytes = b;
    description.push(what);
  }
  // Half the mutated PNGs get valid chunk CRCs again, so that pngjs goes past its CRC check and
  // decodes the mutated chunks.
  if (seed.ext === '.png' && r() < 0.5 && fixPngCrcs(bytes)) description.push('CRCs fixed');
  const ext = r() < 0.1 ? pick(r, ['.png', '.jpg', '.webp', '.txt']) : seed.ext;
  if (ext !== seed.ext) description.push(`named ${ext}`);
  return { seed, bytes, ext, description };
}

/** A tensor/variable count, to check that a case leaves nothing behind. */
function live(): { tensors: number; variables: number } {
  return { tensors: tf.memory().numTensors, variables: Object.keys(tf.engine().registeredVariables).length };
}

async function outcomeOf(run: () => Promise<void>): Promise<{ outcome: string; problem?: string }> {
  try {
    await run();
    return { outcome: 'ok' };
  } catch (e) {
    if (e instanceof CamError && e.name === 'CamError' && typeof e.code === 'string' && e.message.length > 0) return { outcome: e.code };
    const what = e instanceof Error ? `${e.constructor.name}: ${e.message.split('\n')[0]}` : `a thrown ${typeof e}: ${String(e)}`;
    return { outcome: 'NOT_A_CAMERROR', problem: `threw ${what}` };
  }
}

/** Runs the fixed budget of cases; resolves with the counts, the findings and the slowest cases. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const seeds = await loadSeeds();
  const dir = options.workDir ?? join(tmpdir(), `tfjs-gradcam-fuzz-${process.pid}`);
  await mkdir(join(dir, 'model'), { recursive: true });
  const outcomes: Record<string, number> = {};
  const findings: CaseResult[] = [];
  const all: CaseResult[] = [];
  const started = performance.now();
  const total = options.modelCases + options.imageCases;
  try {
    for (let index = 0; index < total; index++) {
      if (options.only !== undefined && index !== options.only) continue;
      const target = index < options.modelCases ? 'model' : 'image';
      const r = caseRandom(options.seed, index, target === 'model' ? 1 : 2);
      const before = live();
      let description: string[];
      let run: () => Promise<void>;
      let check: string | undefined;
      if (target === 'model') {
        const c = modelCase(r, seeds);
        description = c.description;
        const modelJson = join(dir, 'model', 'model.json');
        await writeFile(modelJson, c.json);
        await writeFile(join(dir, 'model', 'weights.bin'), c.weights);
        const loader = r() < 0.9 ? c.seed.kind : c.seed.kind === 'layers' ? 'graph' : 'layers';
        if (loader !== c.seed.kind) description.push(`loaded with the ${loader} loader`);
        run = async () => {
          const model = loader === 'layers' ? await loadLayersModel(modelJson) : await loadGraphModel(modelJson);
          if (loader === 'layers' && !(Array.isArray((model as { inputs?: unknown }).inputs))) check = 'the loaded model has no inputs';
          model.dispose();
        };
      } else {
        const c = imageCase(r, seeds);
        description = c.description;
        const file = join(dir, `image${c.ext}`);
        await writeFile(file, c.bytes);
        const viaBytes = r() < 0.2;
        if (viaBytes) description.push('through decodeImage');
        run = async () => {
          const t = viaBytes ? decodeImage(c.bytes, 'fuzz', { maxPixels: options.maxPixels }) : await readImage(file, { maxPixels: options.maxPixels });
          try {
            const [h, w, ch] = t.shape;
            if (t.dtype !== 'int32' || ch !== 3 || !(h! > 0 && w! > 0) || h! * w! > options.maxPixels) check = `bad tensor ${t.dtype} [${t.shape.join(', ')}]`;
            else {
              const { min, max } = tf.tidy(() => ({ min: tf.min(t).dataSync()[0]!, max: tf.max(t).dataSync()[0]! }));
              if (min < 0 || max > 255) check = `values outside 0..255 (${min}..${max})`;
            }
          } finally {
            t.dispose();
          }
        };
      }
      const t0 = performance.now();
      const { outcome, problem } = await outcomeOf(run);
      const ms = performance.now() - t0;
      const after = live();
      const problems = [problem, check];
      if (after.tensors !== before.tensors) problems.push(`left ${after.tensors - before.tensors} tensors`);
      if (after.variables !== before.variables) problems.push(`left ${after.variables - before.variables} variables`);
      if (ms > options.budgetMs) problems.push(`took ${ms.toFixed(0)} ms (budget ${options.budgetMs} ms)`);
      const result: CaseResult = { index, target, description: description.join('; '), outcome, ms, ...(problems.some(Boolean) ? { problem: problems.filter(Boolean).join('; ') } : {}) };
      outcomes[`${target} ${outcome}`] = (outcomes[`${target} ${outcome}`] ?? 0) + 1;
      if (result.problem) findings.push(result);
      all.push(result);
      options.onCase?.(result);
    }
  } finally {
    if (options.workDir === undefined) await rm(dir, { recursive: true, force: true });
  }
  const slowest = [...all].sort((a, b) => b.ms - a.ms).slice(0, 5);
  return { cases: all.length, ms: performance.now() - started, outcomes, findings, slowest };
}

/** One line that reproduces a case. */
export function reproduce(o: Pick<FuzzOptions, 'seed' | 'modelCases' | 'imageCases'>, r: CaseResult): string {
  return `seed ${o.seed}, case ${r.index} (${r.target}): ${r.description} -> ${r.outcome}${r.problem ? ` — ${r.problem}` : ''}. ` +
    `Replay: npm run fuzz -- --seed ${o.seed} --model-cases ${o.modelCases} --image-cases ${o.imageCases} --only ${r.index}`;
}
