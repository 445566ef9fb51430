/**
 * examples/deno.ts run with real Deno against the packed package (offline, through the project's
 * node_modules): explains the 12 samples with a chosen method and writes overlay PNGs. Also checks
 * that examples/deno.json, which lets the example and the notebook run inside this repository,
 * maps each entry point to the file package.json exports for `import`.
 */
import { PNG } from 'pngjs';
import { copyFileSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENO, denoOffline, packedProject, REPO, run, type PackedProject } from '../helpers/packedPackage.js';

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('examples/deno.ts under Deno', () => {
  let packed: PackedProject;
  let stdout = '';

  beforeAll(() => {
    packed = packedProject('module');
    for (const dir of ['model', 'images']) symlinkSync(join(REPO, 'examples', dir), join(packed.project, dir), 'dir');
    copyFileSync(join(REPO, 'examples', 'deno.ts'), join(packed.project, 'deno.ts'));
    const deno = denoOffline(packed.tmp);
    stdout = run(DENO, ['run', ...deno.flags, '--allow-read', '--allow-write=out', 'deno.ts', 'grad-cam++', 'out'], packed.project, deno.env, 120_000);
  }, 300_000);

  afterAll(() => packed?.cleanup());

  it('explains the 12 samples on wasm with the chosen method, the peak on the object every time', () => {
    expect(stdout).toMatch(/^grad-cam\+\+ on wasm under Deno \d+\.\d+\.\d+, layer base\/base_relu5, 12 images in \d+ ms$/m);
    expect(stdout).toMatch(/^star-1\.png +star +predicted star +peak in box: yes +out\/star-1-grad-cam\+\+\.png$/m);
    expect(stdout).toContain("Heatmap peak inside the object's box for 12/12 images.");
  });

  it('writes one 96×96 RGB overlay PNG per sample', () => {
    const files = readdirSync(join(packed.project, 'out')).sort();
    expect(files).toHaveLength(12);
    expect(files.every((f) => f.endsWith('-grad-cam++.png'))).toBe(true);
    const img = PNG.sync.read(readFileSync(join(packed.project, 'out', 'ring-2-grad-cam++.png')));
    expect([img.width, img.height]).toEqual([96, 96]);
  });

  it('examples/deno.json maps tfjs-gradcam, /node and /browser to the built files package.json exports', () => {
    const config = JSON.parse(readFileSync(join(REPO, 'examples', 'deno.json'), 'utf8')) as { nodeModulesDir: string; imports: Record<string, string> };
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
    expect(config.nodeModulesDir).toBe('manual');
    for (const entry of ['.', './node', './browser']) {
      const specifier = `tfjs-gradcam${entry.slice(1)}`;
      expect(config.imports[specifier], specifier).toBe(`..${pkg.exports[entry]!.import!.default!.slice(1)}`);
    }
  });
});
