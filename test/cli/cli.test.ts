// The `tfjs-gradcam` CLI, run as a child process on the bundled demo model and images.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainOptionSpec } from '../../src/cli/explainArgs.js';
import { layersOptionSpec } from '../../src/cli/layersCommand.js';
import { camMethodNames } from '../../src/methods/camMethodNames.js';
import { makeTempDir, removeTempDir } from '../node/nodeTestHelpers.js';
import { IMAGES, MODEL, ROOT, runCli } from './cliHelpers.js';

/** Width and height from a PNG file's IHDR chunk (after checking the PNG signature). */
async function pngSize(path: string): Promise<[number, number]> {
  const b = await readFile(path);
  expect(Array.from(b.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

const jsonLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('tfjs-gradcam CLI', () => {
  it('explain: a folder with a corrupt file — outputs written, the bad file named and skipped, exit 1, --json lines', async () => {
    const input = join(dir, 'batch');
    await mkdir(join(input, 'more'), { recursive: true });
    await copyFile(join(IMAGES, 'star-1.png'), join(input, 'star-1.png'));
    await copyFile(join(IMAGES, 'ring-1.png'), join(input, 'more', 'ring-1.png'));
    await writeFile(join(input, 'broken.jpg'), 'not an image');
    await writeFile(join(input, 'notes.txt'), 'skipped: not an image extension');
    const out = join(dir, 'batch-out');
    const r = await runCli(['explain', input, '--model', MODEL, '--out', out, '--json']);
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(3);
    const byFile = Object.fromEntries(lines.map((l) => [String(l.file).slice(input.length + 1), l]));
    expect(byFile['broken.jpg']).toMatchObject({ ok: false, code: 'UNSUPPORTED_FORMAT' });
    expect(byFile['star-1.png']).toMatchObject({ ok: true, class: 3, label: 'star', layer: 'base/base_relu5', method: 'grad-cam', output: join(out, 'star-1-grad-cam.png') });
    expect(byFile['more/ring-1.png']).toMatchObject({ ok: true, class: 5, label: 'ring', output: join(out, 'more', 'ring-1-grad-cam.png') });
    expect(typeof byFile['star-1.png']!.score).toBe('number');
    expect(r.stderr).toContain(`failed  ${join(input, 'broken.jpg')}: "${join(input, 'broken.jpg')}" is not a PNG or JPEG image`);
    expect(r.stderr).toMatch(/done: 2 ok, 1 failed in \d+\.\d\d s \(backend wasm, method grad-cam, layer base\/base_relu5\)/);
    expect(await pngSize(join(out, 'star-1-grad-cam.png'))).toEqual([96, 96]);
    expect(await pngSize(join(out, 'more', 'ring-1-grad-cam.png'))).toEqual([96, 96]);
  });

  it('explain never writes over an input: the clashing output is refused, the input keeps its bytes', async () => {
    const input = join(dir, 'clash');
    await mkdir(input, { recursive: true });
    await copyFile(join(IMAGES, 'star-1.png'), join(input, 'a.png'));
    await copyFile(join(IMAGES, 'ring-1.png'), join(input, 'a-grad-cam.png')); // where a.png's output would go
    const before = await readFile(join(input, 'a-grad-cam.png'));
    const r = await runCli(['explain', 'a.png', 'a-grad-cam.png', '--model', MODEL, '--out', '.', '--backend', 'cpu'], { cwd: input });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failed  a.png: refusing to write "a-grad-cam.png": it is one of the input files; choose another --out');
    expect(r.stdout).toContain('ok      a-grad-cam.png -> a-grad-cam-grad-cam.png  ring (class 5)');
    expect(await readFile(join(input, 'a-grad-cam.png'))).toEqual(before);
    expect(r.stderr).toMatch(/done: 1 ok, 1 failed .*backend cpu/);
  });

  it('explain: globs, a forward-only method (eigen-cam), --panel with labels, a fixed --class, same-name inputs numbered', async () => {
    const a = join(dir, 'glob', 'a', 'deep');
    const b = join(dir, 'glob', 'b');
    await mkdir(a, { recursive: true });
    await mkdir(b, { recursive: true });
    await copyFile(join(IMAGES, 'star-2.png'), join(a, 'x.png'));
    await copyFile(join(IMAGES, 'cross-2.png'), join(b, 'x.png'));
    await copyFile(join(IMAGES, 'square-1.png'), join(b, 'skip.jpg.bak'));
    const labels = join(dir, 'labels.txt');
    await writeFile(labels, 'CIRCLE\nSQUARE\nTRIANGLE\nSTAR\nCROSS\nRING\n');
    const out = join(dir, 'glob-out');
    const r = await runCli(['explain', 'glob/**/?.png', 'glob/b/x.png', '--model', MODEL, '--out', out, '--method', 'eigen-cam', '--panel', '--labels', labels, '--class', '3', '--colormap', 'viridis', '--alpha', '0.3', '--size', '96x96', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    // The glob matches a/deep/x.png and b/x.png (keeping their folders); b/x.png again is a
    // duplicate. Paths are shown relative to the working folder.
    expect(lines.map((l) => [l.file, l.output, l.method, l.class, l.label])).toEqual([
      [join('glob', 'a', 'deep', 'x.png'), join('glob-out', 'a', 'deep', 'x-eigen-cam.png'), 'eigen-cam', 3, 'STAR'],
      [join('glob', 'b', 'x.png'), join('glob-out', 'b', 'x-eigen-cam.png'), 'eigen-cam', 3, 'STAR'],
    ]);
    const [w, h] = await pngSize(join(out, 'a', 'deep', 'x-eigen-cam.png'));
    expect(w).toBe(3 * 96 * 3); // image | heatmap | overlay, the 96-pixel image enlarged 3x
    expect(h).toBeGreaterThan(96 * 3); // plus the caption strip

    const twice = await runCli(['explain', join(a, 'x.png'), join(b, 'x.png'), '--model', MODEL, '--out', join(dir, 'twice'), '--method', 'grad-cam++', '--json']);
    expect(twice.code, twice.stderr).toBe(0);
    expect(jsonLines(twice.stdout).map((l) => l.output)).toEqual([join(dir, 'twice', 'x-grad-cam++.png'), join(dir, 'twice', 'x-grad-cam++-2.png')]);
  });

  it('layers lists the candidate layers with shapes and marks the automatic choice; --json too', async () => {
    const text = await runCli(['layers', '--model', MODEL]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${MODEL} (layers model): input [null, 96, 96, 3], output [null, 6]`);
    expect(text.stdout).toMatch(/^ {2}base\/base_relu5 +ReLU +\[null, 12, 12, 64\] +<- automatic choice$/m);
    expect(text.stdout).toMatch(/^ {2}base\/base_conv1 +Conv2D +\[null, 48, 48, 16\]$/m);
    expect(text.stdout.match(/automatic choice/g)).toHaveLength(1);
    const json = await runCli(['layers', '--model', MODEL, '--json', '--backend', 'cpu']);
    const parsed = JSON.parse(json.stdout) as { automatic: string; input: unknown; layers: Array<{ path: string; outputShape: unknown; automatic: boolean }> };
    expect(parsed.automatic).toBe('base/base_relu5');
    expect(parsed.input).toEqual([null, 96, 96, 3]);
    expect(parsed.layers.filter((l) => l.automatic).map((l) => l.path)).toEqual(['base/base_relu5']);
    expect(parsed.layers[0]).toEqual({ path: 'base/base_conv1', className: 'Conv2D', outputShape: [null, 48, 48, 16], automatic: false });
  });

  it('a graph model with a grey input (@vladmandic/human emotion, 64x64x1): layers (cpu) and explain (wasm)', async () => {
    const emotion = join(ROOT, 'node_modules', '@vladmandic', 'human', 'models', 'emotion.json');
    const layers = await runCli(['layers', '--model', emotion, '--json', '--backend', 'cpu']);
    expect(layers.code, layers.stderr).toBe(0);
    const parsed = JSON.parse(layers.stdout) as { kind: string; input: unknown; automatic: string; layers: Array<{ path: string; className: string; automatic: boolean }> };
    expect(parsed.kind).toBe('graph');
    // For graph models the class column holds the node's op.
    expect(parsed.layers.find((l) => l.automatic)).toMatchObject({ path: parsed.automatic, className: '_FusedConv2D' });
    expect(parsed.input).toEqual([null, 64, 64, 1]);
    const out = join(dir, 'emotion');
    const r = await runCli(['explain', join(IMAGES, 'star-1.png'), '--model', emotion, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [line] = jsonLines(r.stdout);
    expect(line).toMatchObject({ ok: true, layer: parsed.automatic, method: 'grad-cam' });
    expect(r.stderr).toMatch(/\(backend wasm,/);
    expect(await pngSize(join(out, 'star-1-grad-cam.png'))).toEqual([96, 96]); // written at the image's size
  });

  it('--help, explain --help and layers --help list every option; --version prints the package version', async () => {
    const [main, explain, layers, version] = await Promise.all([
      runCli(['--help']),
      runCli(['explain', '--help']),
      runCli(['layers', '-h']),
      runCli(['--version']),
    ]);
    for (const r of [main, explain, layers, version]) expect(r.code).toBe(0);
    const flags = (spec: Record<string, { short?: string }>) => Object.entries(spec).map(([name, o]) => (o.short ? `-${o.short}, --${name}` : `--${name}`));
    for (const flag of flags(explainOptionSpec)) expect(explain.stdout).toContain(flag);
    for (const flag of flags(layersOptionSpec)) expect(layers.stdout).toContain(flag);
    for (const method of camMethodNames) expect(explain.stdout).toContain(method);
    for (const text of ['explain', 'layers', '--help', '--version']) expect(main.stdout).toContain(text);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toBe(`${pkg.version}\n`);
  });

  it('usage errors exit 2 with a message that says what is allowed', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['explain', 'x.png', '--model', MODEL, '--frobnicate'], /explain: Unknown option '--frobnicate'\. See "tfjs-gradcam explain --help"/],
      [['explain', 'x.png', '--model', MODEL, '--method', 'gradcam'], /--method "gradcam" is not valid; allowed: grad-cam, hires-cam, /],
      [['explain', join(IMAGES, 'star-1.png'), '--model', MODEL, '--class', '6', '--backend', 'cpu'], /--class 6 is out of range; the model has 6 outputs \(classes 0\.\.5\)/],
      [['explain', join(IMAGES, 'star-1.png'), '--model', MODEL, '--layer', 'conv99', '--backend', 'cpu'], /explain: layerName "conv99" not found; layers with a 4-D output: base\/base_conv1/],
      [['explain', join(IMAGES, 'star-1.png'), '--model', MODEL, '--size', '224x224', '--backend', 'cpu'], /--size 224x224 does not match the model's input 96x96/],
      [['frob'], /unknown command "frob"; the commands are explain and layers/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args)));
    runs.forEach((r, k) => {
      expect(r.code, cases[k]![0].join(' ')).toBe(2);
      expect(r.stderr).toMatch(cases[k]![1]);
      expect(r.stdout).toBe('');
    });
  });

  it('falls back to the cpu backend, saying so, when the wasm backend is not installed', async () => {
    const r = await runCli(['explain', join(IMAGES, 'star-1.png'), '--model', MODEL, '--out', join(dir, 'fallback')], {
      preload: [join(import.meta.dirname, 'hideModules.mjs')],
      env: { HIDE_MODULES: '@tensorflow/tfjs-backend-wasm' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: the wasm backend is not available (@tensorflow/tfjs-backend-wasm is not installed); using the cpu backend');
    expect(r.stderr).toMatch(/done: 1 ok, 0 failed .*\(backend cpu,/);
  });
});
