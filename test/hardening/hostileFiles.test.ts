// Hostile and broken files through the public Node API and the CLI: model.json files whose weight
// paths leave their folder or whose manifest lies, images whose headers declare absurd sizes, and
// output folders that try to send the CLI's writes elsewhere. Every case ends in a CamError with a
// stable code naming the file, leaves no tensor or variable behind, and allocates nothing big.
import * as tf from '@tensorflow/tfjs-core';
import { copyFile, lstat, mkdir, readdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../src/core/crc32.js';
import { loadGraphModel } from '../../src/node/loadGraphModel.js';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';
import { MAX_MODEL_JSON_BYTES } from '../../src/node/readModelArtifacts.js';
import { readImage } from '../../src/node/readImage.js';
import type { CamErrorCode } from '../../src/core/errors.js';
import { tinyGraphArtifacts } from '../fixtures/graphModels.js';
import { IMAGES as EXAMPLE_IMAGES, MODEL, runCli } from '../cli/cliHelpers.js';
import { expectRejectsNoLeak, image, literal, makeTempDir, removeTempDir } from '../node/nodeTestHelpers.js';

const cpuOnly = process.env.TFJS_BACKEND === 'cpu';
const EXAMPLE_DIR = join(MODEL, '..');

let root = '';
let counter = 0;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  root = await makeTempDir();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await removeTempDir(root);
  expect(unhandled).toEqual([]);
});

type Json = Record<string, any>;
type Loader = (path: string) => Promise<{ dispose(): void }>;

/** A fresh folder holding the example layers model (model.json rewritten by `edit`) and its weights. */
async function layersFolder(edit: (j: Json) => unknown = (j) => j): Promise<string> {
  const dir = join(root, `m${counter++}`, 'model');
  await mkdir(dir, { recursive: true });
  await copyFile(join(EXAMPLE_DIR, 'weights.bin'), join(dir, 'weights.bin'));
  const json = edit(JSON.parse(await readFile(MODEL, 'utf8')));
  await writeFile(join(dir, 'model.json'), typeof json === 'string' ? json : JSON.stringify(json));
  return join(dir, 'model.json');
}

/** The same for the tiny graph model of the fixtures. */
async function graphFolder(edit: (j: Json) => unknown = (j) => j): Promise<string> {
  const dir = join(root, `g${counter++}`, 'model');
  await mkdir(dir, { recursive: true });
  const a = tinyGraphArtifacts();
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
  const json = edit({ format: 'graph-model', modelTopology: a.modelTopology, signature: a.signature, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs! }] });
  await writeFile(join(dir, 'model.json'), typeof json === 'string' ? json : JSON.stringify(json));
  return join(dir, 'model.json');
}

const LOADERS: Array<[string, Loader, (edit?: (j: Json) => unknown) => Promise<string>]> = [
  ['loadLayersModel', loadLayersModel, layersFolder],
  ['loadGraphModel', loadGraphModel, graphFolder],
];

/** Rejects with `code`, naming the model.json and matching `message`; no tensor or variable is left. */
async function expectRefused(load: Loader, path: string, code: CamErrorCode, message: RegExp): Promise<void> {
  const variables = Object.keys(tf.engine().registeredVariables).length;
  await expectRejectsNoLeak(() => load(path), code, message);
  expect(Object.keys(tf.engine().registeredVariables).length).toBe(variables);
}

/** Resident set size growth (MB) while `run` executes: proves that no big buffer was allocated. */
async function rssGrowthMb(run: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage().rss;
  await run().catch(() => undefined);
  return (process.memoryUsage().rss - before) / 2 ** 20;
}

describe.runIf(cpuOnly)('hostile model.json files: weight paths (layers and graph loaders)', () => {
  const PATHS: Array<[string, string, RegExp]> = [
    ['a parent path', '../weights.bin', /climbs|outside the model folder/],
    ['an absolute path', '/etc/passwd', /is absolute/],
    ['a file: URL', 'file:///etc/passwd', /is (absolute|a URL)/],
    ['an http URL', 'http://example.com/weights.bin', /is a URL/],
    ['a data: URL', 'data:application/octet-stream;base64,AAAA', /is a URL/],
    ['a NUL byte', 'weights.bin\u0000.png', /contains a NUL byte/],
  ];
  for (const [name, load, folder] of LOADERS) {
    it.each(PATHS)(`${name}: UNSAFE_PATH for %s`, async (_what, path, why) => {
      const json = await folder((j) => ((j.weightsManifest[0].paths = [path]), j));
      await expectRefused(load, json, 'UNSAFE_PATH', why);
    });
  }
});

describe.runIf(cpuOnly)('hostile model.json files: manifests that lie (refused before any weight is decoded)', () => {
  for (const [name, load, folder] of LOADERS) {
    it(`${name}: the files hold more bytes than the manifest declares`, async () => {
      const json = await folder((j) => ((j.weightsManifest[0].weights = j.weightsManifest[0].weights.slice(0, -1)), j));
      await expectRefused(load, json, 'INVALID_MODEL_FILE', /declares weights needing \d+ bytes, but its files \[weights\.bin\] hold \d+ bytes/);
    });

    it(`${name}: absurd, negative, fractional and non-numeric dimensions, refused without allocating`, async () => {
      for (const shape of [[1e9, 1e9], [2 ** 53, 2 ** 53], [-1, 4], [1.5], ['3'], null, 7]) {
        const json = await folder((j) => ((j.weightsManifest[0].weights[0].shape = shape), j));
        const growth = await rssGrowthMb(() => expectRefused(load, json, 'INVALID_MODEL_FILE', shape !== null && (shape as number[])[0] === 1e9 ? /needing 4000000000000\d+ bytes/ : /invalid shape/));
        expect(growth).toBeLessThan(64);
      }
    });

    it(`${name}: unknown dtypes and quantization dtypes`, async () => {
      for (const [key, dtype] of [['dtype', 'string'], ['dtype', 'float64'], ['dtype', 7]] as const) {
        const json = await folder((j) => ((j.weightsManifest[0].weights[0][key] = dtype), j));
        await expectRefused(load, json, 'INVALID_MODEL_FILE', new RegExp(`has dtype ${literal(JSON.stringify(dtype)).source}; supported: float32, int32, bool, complex64`));
      }
      const json = await folder((j) => ((j.weightsManifest[0].weights[0].quantization = { dtype: 'int4', scale: 1, min: 0 }), j));
      await expectRefused(load, json, 'INVALID_MODEL_FILE', /quantization dtype "int4"; supported: uint8, uint16, float16/);
    });

    it(`${name}: a weight name listed twice`, async () => {
      const json = await folder((j) => {
        const w = j.weightsManifest[0].weights;
        w[1].name = w[0].name;
        return j;
      });
      await expectRefused(load, json, 'INVALID_MODEL_FILE', /lists weight ".+" a second time/);
    });

    it(`${name}: JSON that is not an object, or has no modelTopology`, async () => {
      for (const text of ['[]', '42', '"model"', 'null', '{}', '{"modelTopology": 3}', '{"modelTopology": "x"}', '{"format":"graph-model"}']) {
        const json = await folder(() => text);
        await expectRefused(load, json, 'INVALID_MODEL_FILE', new RegExp(`${literal(JSON.stringify(json)).source} has no "modelTopology" object`));
      }
      const broken = await folder(() => '{"modelTopology": {');
      await expectRefused(load, broken, 'INVALID_MODEL_FILE', /is not valid JSON/);
    });

    it(`${name}: a model.json over ${MAX_MODEL_JSON_BYTES} bytes is refused before it is read`, async () => {
      const json = await folder();
      await truncate(json, MAX_MODEL_JSON_BYTES + 1); // sparse: no disk space, no read
      const growth = await rssGrowthMb(() => expectRefused(load, json, 'INVALID_MODEL_FILE', new RegExp(`holds ${MAX_MODEL_JSON_BYTES + 1} bytes, more than a model\\.json may \\(${MAX_MODEL_JSON_BYTES} bytes\\); it was not read`)));
      expect(growth).toBeLessThan(32);
    });

    it(`${name}: a folder named model.json, and a folder where a weight file should be`, async () => {
      const dir = join(root, `d${counter++}`, 'model.json');
      await mkdir(dir, { recursive: true });
      await expectRefused(load, dir, 'FILE_UNREADABLE', /model\.json" is a folder/);
      const json = await folder((j) => ((j.weightsManifest[0].paths = ['sub']), j));
      await mkdir(join(json, '..', 'sub'));
      await expectRefused(load, json, 'FILE_UNREADABLE', /weight file "sub" .* is not a regular file/);
    });
  }

  it('loadLayersModel: a model.json without weightsManifest is refused (its weights would be random), not loaded', async () => {
    const json = await layersFolder((j) => (delete j.weightsManifest, j));
    await expectRefused(loadLayersModel, json, 'INVALID_MODEL_FILE', /27 of 27 weights are not set/);
  });
});

// These build (part of) a model before failing: run on both backends.
describe('hostile model.json files: topologies that do not fit their weights leave no tensor or variable', () => {
  const CASES: Array<[string, (topology: string) => string, RegExp]> = [
    ['more filters than the weights hold', (t) => t.replace('"filters":16', '"filters":1000'), /Shape mismatch: \[3,3,3,1000\] vs\. \[3,3,3,16\]/],
    ['a dense layer of 10^8 units (an 25 GB kernel)', (t) => t.replace(/"units":\d+/, '"units":100000000'), /Invalid typed array length|could not build/],
    ['negative units', (t) => t.replace(/"units":\d+/, '"units":-1'), /Expected units to be a positive integer, but got -1/],
    ['an unknown layer class', (t) => t.replace('"class_name":"Conv2D"', '"class_name":"Conv9D"'), /Unknown layer: Conv9D/],
    ['a layer renamed (its weights find no variable)', (t) => t.replace(/"name":"base_conv1"/g, '"name":"renamed"'), /no target variable|weights are not set/],
    // tfjs-layers throws between making a weight's initial value and its variable.
    ['a layer name that is not a valid tensor name', (t) => t.replace('"name":"base_conv1"', '"name":"file:///etc/passwd"'), /Not a valid tensor name: 'file:\/\/\/etc\/passwd/],
    // The whole model where an activation is expected: tfjs-layers builds it as the activation,
    // with 27 variables that model.dispose() would never free.
    ['a model config where an activation is expected', (t) => {
      const topology = JSON.parse(t);
      topology.config.layers[0].config.layers[3].config.activation = JSON.parse(t);
      return JSON.stringify(topology);
    }, /made 27 variables that belong to no layer of the model .*: a model or layer config appears where another kind of object/],
  ];
  it.each(CASES)('%s', async (_what, edit, message) => {
    const json = await layersFolder((j) => ((j.modelTopology = JSON.parse(edit(JSON.stringify(j.modelTopology)))), j));
    await expectRefused(loadLayersModel, json, 'INVALID_MODEL_FILE', message);
  });

  it('a graph whose weights do not fit its nodes', async () => {
    const json = await graphFolder((j) => {
      const w = j.weightsManifest[0].weights as Array<{ shape: number[] }>;
      // Same byte count, another shape: the manifest check passes, tfjs-converter refuses or runs it.
      const first = w.find((s) => s.shape.length === 4)!;
      first.shape = [first.shape[0]! * first.shape[1]!, 1, first.shape[2]!, first.shape[3]!];
      return j;
    });
    const before = tf.memory().numTensors;
    try {
      const m = await loadGraphModel(json);
      m.dispose();
    } catch (e) {
      expect((e as { code?: string }).code).toBe('INVALID_MODEL_FILE');
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** A PNG of `width` x `height` holding only its signature and IHDR chunk (valid CRC). */
function pngHeader(width: number, height: number): Uint8Array {
  const body = Buffer.alloc(17);
  body.write('IHDR', 0, 'latin1');
  body.writeUInt32BE(width, 4);
  body.writeUInt32BE(height, 8);
  body.set([8, 2, 0, 0, 0], 12);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(13);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), len, body, crc]);
}


/** A baseline JPEG start (SOI, SOF0 of `width` x `height`, 3 components) with no tables or scan. */
function jpegHeader(width: number, height: number): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9]);
}

/** A lossless WebP header (RIFF, VP8L) declaring `width` x `height` (at most 16384 each). */
function webpHeader(width: number, height: number): Uint8Array {
  const bits = (width - 1) | ((height - 1) << 14);
  const vp8l = Buffer.from([0x2f, bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, ((bits >>> 24) & 255) | 0x10, 0, 0, 0]);
  const chunk = Buffer.concat([Buffer.from('VP8L', 'latin1'), Buffer.from([vp8l.length, 0, 0, 0]), vp8l]);
  const riffSize = Buffer.alloc(4);
  riffSize.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), riffSize, Buffer.from('WEBP', 'latin1'), chunk]);
}

async function writeTemp(name: string, bytes: Uint8Array | string): Promise<string> {
  const dir = join(root, `i${counter++}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), bytes);
  return join(dir, name);
}

describe.runIf(cpuOnly)('hostile image files (readImage: pure-JS PNG/JPEG and sharp)', () => {
  it('huge declared sizes are refused from the header, before the pixel buffer is allocated (RSS stays flat)', async () => {
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['huge.png', pngHeader(100000, 100000), /PNG image of 100000x100000 = 10000000000 pixels/],
      ['huge.jpg', jpegHeader(65500, 65500), /JPEG image of 65500x65500 = 4290250000 pixels/],
      ['huge.webp', webpHeader(16384, 16384), /WebP image of 16384x16384 = 268435456 pixels/],
      // Under the default 50e6 limit, over a smaller one: the limit, not the format, decides.
      ['big.png', pngHeader(7000, 7000), /PNG image of 7000x7000 = 49000000 pixels, more than maxPixels \(1000000\)/],
    ];
    for (const [name, bytes, message] of cases) {
      const path = await writeTemp(name, bytes);
      const options = name === 'big.png' ? { maxPixels: 1e6 } : undefined;
      const growth = await rssGrowthMb(() => expectRejectsNoLeak(() => readImage(path, options), 'IMAGE_TOO_LARGE', literal(JSON.stringify(path)), message));
      expect(growth, name).toBeLessThan(64);
    }
  });

  it('a PNG whose header was enlarged (CRC fixed) is refused every time, never decoded from unfilled memory', async () => {
    const png = Buffer.from(await readFile(image('rgb-8x6.png')));
    for (const [field, value, size] of [[16, 65500, '65500x6'], [16, 9, '9x6'], [20, 7, '8x7']] as const) {
      const b = Buffer.from(png);
      b.writeUInt32BE(value, field);
      b.writeUInt32BE(crc32(b.subarray(12, 29)), 29);
      const path = await writeTemp('enlarged.png', b);
      for (let k = 0; k < 3; k++) {
        await expectRejectsNoLeak(() => readImage(path), 'FILE_UNREADABLE', literal(JSON.stringify(path)), new RegExp(`image data inflates to \\d+ bytes, fewer than the \\d+ bytes its header's ${size} size needs`));
      }
    }
  });

  it('sizes under maxPixels that the file cannot hold are refused before decoding (no IDAT; a JPEG smaller than 1 bit per coded unit)', async () => {
    const noData = await writeTemp('no-idat.png', Buffer.concat([pngHeader(64, 4), Buffer.from('0000000049454e44ae426082', 'hex')]));
    for (let k = 0; k < 3; k++) {
      await expectRejectsNoLeak(() => readImage(noData), 'FILE_UNREADABLE', literal(JSON.stringify(noData)), /it holds no image data \(no IDAT chunk\) for its header's 64x4 size/);
    }
    // 7000x7000 in 4:2:0 is 438 x 438 = 191844 coded units: at least 23981 bytes; the file has 23.
    const frame = await writeTemp('frame.jpg', jpegHeader(7000, 7000));
    const growth = await rssGrowthMb(() =>
      expectRejectsNoLeak(() => readImage(frame), 'FILE_UNREADABLE', literal(JSON.stringify(frame)), /declares a 7000x7000 image \(191844 coded units, at least 23981 bytes of image data\), but the file holds 23 bytes/),
    );
    expect(growth).toBeLessThan(64);
  });

  it('zero-sized images (0 x N, N x 0) are FILE_UNREADABLE naming the file', async () => {
    for (const [name, bytes] of [['zero-w.png', pngHeader(0, 5)], ['zero-h.png', pngHeader(5, 0)], ['zero.jpg', jpegHeader(0, 8)]] as const) {
      const path = await writeTemp(name, bytes);
      await expectRejectsNoLeak(() => readImage(path), 'FILE_UNREADABLE', literal(JSON.stringify(path)), /header declares a (0x5|5x0|0x8) image; the file is corrupt/);
    }
  });

  it('every truncation of a PNG, a JPEG and a WebP: a CamError naming the file, or the full-size image', async () => {
    const webp = await sharp(await readFile(image('rgb-8x6.png'))).webp({ lossless: true }).toBuffer();
    const sources: Array<[string, Uint8Array, number[]]> = [
      ['x.png', await readFile(image('rgb-8x6.png')), [6, 8, 3]],
      ['x.jpg', await readFile(image('baseline-16x12.jpg')), [12, 16, 3]],
      ['x.webp', webp, [6, 8, 3]],
    ];
    for (const [name, bytes, shape] of sources) {
      const step = Math.max(1, Math.floor(bytes.length / 40));
      for (let n = 0; n < bytes.length; n += step) {
        const path = await writeTemp(name, bytes.subarray(0, n));
        const before = tf.memory().numTensors;
        try {
          const t = await readImage(path);
          // jpeg-js decodes what it has (tolerant decoding): the frame size is still the header's.
          expect(t.shape).toEqual(shape);
          t.dispose();
        } catch (e) {
          expect((e as Error).name, `${name} cut at ${n}`).toBe('CamError');
          expect(['FILE_UNREADABLE', 'UNSUPPORTED_FORMAT']).toContain((e as { code: string }).code);
          expect((e as Error).message).toContain(JSON.stringify(path));
        }
        expect(tf.memory().numTensors).toBe(before);
      }
    }
  });

  it('content decides, not the extension: a JPEG named .png, a WebP named .jpg; text named .webp is refused', async () => {
    const jpeg = await writeTemp('photo.png', await readFile(image('baseline-16x12.jpg')));
    const t1 = await readImage(jpeg);
    expect(t1.shape).toEqual([12, 16, 3]);
    const webp = await writeTemp('photo.jpg', await sharp(await readFile(image('rgb-8x6.png'))).webp({ lossless: true }).toBuffer());
    const t2 = await readImage(webp);
    expect(t2.shape).toEqual([6, 8, 3]);
    tf.dispose([t1, t2]);
    const text = await writeTemp('notes.webp', 'RIFF, but no WEBP here');
    await expectRejectsNoLeak(() => readImage(text), 'UNSUPPORTED_FORMAT', literal(JSON.stringify(text)), /match no known image signature/);
  });

  it('a corrupt WebP (bytes flipped after the header) is FILE_UNREADABLE quoting sharp', async () => {
    const webp = Buffer.from(await sharp(await readFile(image('rgb-8x6.png'))).webp({ lossless: true }).toBuffer());
    for (let i = 25; i < webp.length; i++) webp[i] ^= 0x5a;
    const path = await writeTemp('corrupt.webp', webp);
    await expectRejectsNoLeak(() => readImage(path), 'FILE_UNREADABLE', literal(JSON.stringify(path)), /sharp says: /);
  });

  it('a folder named x.png is FILE_UNREADABLE naming it', async () => {
    const dir = join(root, `i${counter++}`, 'x.png');
    await mkdir(dir, { recursive: true });
    await expectRejectsNoLeak(() => readImage(dir), 'FILE_UNREADABLE', literal(JSON.stringify(dir)), /is a folder/);
  });
});

/** Every file below `dir` (relative paths), not following links. */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isDirectory()) out.push(relative(dir, join(e.parentPath, e.name)));
  }
  return out.sort();
}

describe.runIf(cpuOnly)('hostile batches and output folders (CLI)', () => {
  it('bad files in a batch are named and skipped; the rest is written inside --out only; inputs are untouched', async () => {
    const work = join(root, `cli${counter++}`);
    const input = join(work, 'in');
    await mkdir(join(input, 'a'), { recursive: true });
    await mkdir(join(input, 'b'), { recursive: true });
    await mkdir(join(input, 'x.png')); // a folder with an image name: not walked as a file
    await copyFile(join(EXAMPLE_IMAGES, 'star-1.png'), join(input, 'a', 'x.png'));
    await copyFile(join(EXAMPLE_IMAGES, 'ring-1.png'), join(input, 'b', 'x.png'));
    await writeFile(join(input, 'huge.png'), pngHeader(100000, 100000));
    await writeFile(join(input, 'zero.png'), pngHeader(0, 5));
    await writeFile(join(input, 'empty.jpg'), '');
    await copyFile(join(EXAMPLE_IMAGES, 'cross-1.png'), join(input, 'z.png')); // after every bad file
    // Outside the output folder: a file that a link inside --out points at must keep its bytes.
    const elsewhere = join(work, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'victim.png'), 'keep me');
    const out = join(work, 'out');
    await mkdir(join(out, 'a'), { recursive: true });
    await symlink(join(elsewhere, 'victim.png'), join(out, 'a', 'x-grad-cam.png'));
    await symlink(elsewhere, join(out, 'b'));
    const inputsBefore = await listFiles(input);

    // `--out` written with `..` resolves to the same folder.
    const r = await runCli(['explain', 'in', '--model', MODEL, '--out', 'in/../out', '--backend', 'cpu'], { cwd: work });
    expect(r.code).toBe(1);
    for (const bad of ['huge.png', 'zero.png', 'empty.jpg']) expect(r.stderr).toContain(`failed  ${join('in', bad)}: `);
    expect(r.stderr).toMatch(/failed {2}in\/a\/x\.png: .*symbolic link/);
    expect(r.stderr).toMatch(/failed {2}in\/b\/x\.png: .*outside --out/);
    expect(r.stdout).toMatch(/^ok {6}in\/z\.png -> out\/z-grad-cam\.png {2}cross/m);
    expect(r.stderr).toMatch(/done: 1 ok, 5 failed/);
    expect(await listFiles(out)).toEqual(['a/x-grad-cam.png', 'b', 'z-grad-cam.png']); // the two links, unchanged
    expect(await readFile(join(elsewhere, 'victim.png'), 'utf8')).toBe('keep me');
    expect(await readdir(elsewhere)).toEqual(['victim.png']);
    expect(await listFiles(input)).toEqual(inputsBefore);
    expect((await lstat(join(out, 'a', 'x-grad-cam.png'))).isSymbolicLink()).toBe(true);
  });

  it('an output folder that is itself a link is where outputs go; an input inside --out keeps its bytes', async () => {
    const work = join(root, `cli${counter++}`);
    const target = join(work, 'real-out');
    await mkdir(target, { recursive: true });
    await symlink(target, join(work, 'out'));
    await copyFile(join(EXAMPLE_IMAGES, 'star-1.png'), join(target, 'star.png'));
    await copyFile(join(EXAMPLE_IMAGES, 'ring-1.png'), join(target, 'star-grad-cam.png'));
    const before = await readFile(join(target, 'star-grad-cam.png'));
    // Two inputs with the same name in different folders: numbered, never one over the other.
    await mkdir(join(work, 'a'));
    await mkdir(join(work, 'b'));
    await copyFile(join(EXAMPLE_IMAGES, 'circle-1.png'), join(work, 'a', 'x.png'));
    await copyFile(join(EXAMPLE_IMAGES, 'square-1.png'), join(work, 'b', 'x.png'));
    const r = await runCli(['explain', 'out/star.png', 'out/star-grad-cam.png', 'a/x.png', 'b/x.png', '--model', MODEL, '--out', 'out', '--backend', 'cpu'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failed  out/star.png: refusing to write');
    expect(r.stdout).toContain('ok      a/x.png -> out/x-grad-cam.png  circle');
    expect(r.stdout).toContain('ok      b/x.png -> out/x-grad-cam-2.png  square');
    expect(await readFile(join(target, 'star-grad-cam.png'))).toEqual(before);
    expect(await listFiles(target)).toEqual(['star-grad-cam-grad-cam.png', 'star-grad-cam.png', 'star.png', 'x-grad-cam-2.png', 'x-grad-cam.png']);
  });
});
