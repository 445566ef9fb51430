/**
 * examples/notebook.ipynb run with real Deno against the packed package (offline, through the
 * project's node_modules). Its code cells are joined into one module, as the kernel runs them in one
 * scope; the last line of each cell is its value, and the harness treats it as Deno's Jupyter kernel
 * does: an object with a `[Symbol.for('Jupyter.display')]()` method is shown through the MIME bundle
 * that method returns, anything else as text. The bundles are checked: real PNGs of the right size
 * and summaries with the right class.
 */
import { PNG } from 'pngjs';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENO, denoOffline, packedProject, REPO, run, type PackedProject } from '../helpers/packedPackage.js';

interface Notebook {
  nbformat: number;
  metadata: { kernelspec?: { name?: string; language?: string }; language_info?: { name?: string } };
  cells: Array<{ cell_type: string; source: string[]; outputs?: unknown[] }>;
}

const NOTEBOOK = JSON.parse(readFileSync(join(REPO, 'examples', 'notebook.ipynb'), 'utf8')) as Notebook;
const CODE = NOTEBOOK.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));

/** The last line of a cell when it is an expression (what the kernel displays), else undefined. */
function valueLine(cell: string): string | undefined {
  const last = cell.trimEnd().split('\n').at(-1)!.trim();
  if (last.endsWith(';') || last.endsWith('}') || last.startsWith('//') || /^(const|let|var|import|export|function|class|await)\b/.test(last)) return undefined;
  return last;
}

/** One module: every cell in order, each value line passed to `__show` (the kernel's display). */
function harness(cells: string[]): string {
  const body = cells.map((cell, i) => {
    const lines = cell.trimEnd().split('\n');
    const value = valueLine(cell);
    if (value !== undefined) lines[lines.length - 1] = `__show(${i}, ${value});`;
    return `// cell ${i}\n${lines.join('\n')}`;
  });
  return `// @ts-nocheck
const __shown = [];
function __show(cell, value) {
  const hook = value === null || value === undefined ? undefined : value[Symbol.for('Jupyter.display')];
  const bundle = typeof hook === 'function' ? hook.call(value) : { 'text/plain': Deno.inspect(value) };
  __shown.push({ cell, bundle });
}
${body.join('\n\n')}
console.log('__BUNDLES__' + JSON.stringify(__shown));
`;
}

interface Shown {
  cell: number;
  bundle: Record<string, string>;
}

const png = (bundle: Record<string, string>): PNG => PNG.sync.read(Buffer.from(bundle['image/png']!, 'base64'));

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('examples/notebook.ipynb under Deno', () => {
  let packed: PackedProject;
  let shown: Shown[] = [];

  beforeAll(() => {
    packed = packedProject('module');
    for (const dir of ['model', 'images']) symlinkSync(join(REPO, 'examples', dir), join(packed.project, dir), 'dir');
    writeFileSync(join(packed.project, 'notebook.ts'), harness(CODE));
    const deno = denoOffline(packed.tmp);
    const stdout = run(DENO, ['run', ...deno.flags, '--allow-read', 'notebook.ts'], packed.project, deno.env, 120_000);
    const line = stdout.split('\n').find((l) => l.startsWith('__BUNDLES__'));
    if (line === undefined) throw new Error(`the notebook printed no bundles:\n${stdout}`);
    shown = JSON.parse(line.slice('__BUNDLES__'.length)) as Shown[];
  }, 300_000);

  afterAll(() => packed?.cleanup());

  it('is a Deno TypeScript notebook, committed without outputs, every code cell ending in a value', () => {
    expect(NOTEBOOK.nbformat).toBe(4);
    expect(NOTEBOOK.metadata.kernelspec).toMatchObject({ name: 'deno', language: 'typescript' });
    expect(NOTEBOOK.metadata.language_info?.name).toBe('typescript');
    for (const c of NOTEBOOK.cells) if (c.cell_type === 'code') expect(c.outputs).toEqual([]);
    expect(CODE.length).toBe(7);
    CODE.forEach((cell, i) => expect(valueLine(cell), `cell ${i}`).toBeDefined());
    expect(shown.map((s) => s.cell)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('runs on wasm and lists the layers a CAM can explain', () => {
    expect(shown[0]!.bundle['text/plain']).toBe('"wasm"');
    const layers = shown[1]!.bundle['text/plain']!;
    expect(layers).toContain('"base/base_conv1  48×48×16"');
    expect(layers).toContain('"base/base_relu5  12×12×64"');
  });

  it('shows a CamResult inline: a PNG of the zoomed heatmap and the summary', () => {
    const { bundle } = shown[2]!;
    expect(Object.keys(bundle).sort()).toEqual(['image/png', 'text/plain']);
    expect(bundle['text/plain']).toMatch(/^grad-cam · layer base\/base_relu5 · class \[3\] · score \[\d+\.\d{3}\] · heatmap \[1, 96, 96\]$/);
    const img = png(bundle);
    expect([img.width, img.height]).toEqual([192, 192]); // 96 × 2 (zoomed to at least 128 pixels)
  });

  it('display(result, { image }) shows the image and the overlay side by side', () => {
    const { bundle } = shown[3]!;
    const img = png(bundle);
    expect([img.width, img.height]).toEqual([2 * 192 + 2, 192]);
    // The left panel is the image itself (zoomed): its top-left pixel is star-1.png's.
    const star = PNG.sync.read(readFileSync(join(REPO, 'examples', 'images', 'star-1.png')));
    expect(Array.from(img.data.subarray(0, 3))).toEqual(Array.from(star.data.subarray(0, 3)));
    expect(bundle['text/plain']).toMatch(/class \[3\]/);
  });

  it('four methods stack into four rows; another class is explained on request; nothing leaks', () => {
    const rows = png(shown[4]!.bundle);
    expect([rows.width, rows.height]).toEqual([2 * 192 + 2, 4 * 192 + 3 * 2]);
    expect(shown[4]!.bundle['text/plain']).toMatch(/^heatmap \[4, 96, 96\] float32 · min 0\.000 · max 1\.000$/);
    expect(shown[5]!.bundle['text/plain']).toMatch(/^grad-cam · layer base\/base_relu5 · class \[0\] · score \[-?\d+\.\d{3}\] · heatmap \[1, 96, 96\]$/);
    expect(png(shown[5]!.bundle).width).toBe(2 * 192 + 2);
    expect(shown[6]!.bundle['text/plain']).toBe('0');
  });
});
