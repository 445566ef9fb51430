// The CLI checks its arguments before it loads tfjs: the colormap names it checks come in the
// order of the library's colormaps, its early model-path check says what the loader says, and
// usage errors come back with tfjs not even installed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModelPath } from '../../src/cli/checkModelPath.js';
import { builtinColormapNames } from '../../src/colormaps/builtinColormapNames.js';
import { colormaps } from '../../src/colormaps/colormaps.js';
import { loadGraphModel } from '../../src/node/loadGraphModel.js';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';
import { MODEL, runCli } from './cliHelpers.js';

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('CLI: arguments checked before tfjs loads', () => {
  it('the colormap names the CLI checks are the library\'s colormaps, in the same order', () => {
    expect([...builtinColormapNames]).toEqual(Object.keys(colormaps));
  });

  it('a missing --model gets the message the loaders give, without loading the model', async () => {
    for (const path of ['no/such/model.json', '/nonexistent/tfjs-gradcam/model.json']) {
      const early = await checkModelPath(path).then(() => 'no error', (e: Error) => e.message);
      for (const load of [loadLayersModel, loadGraphModel]) {
        const late = await load(path).then(() => 'no error', (e: Error) => e.message);
        expect(early).toBe(`--model: ${late.replace(/^[A-Za-z]+\(\): /, '')}`);
      }
    }
    // A path that exists is left to the loaders (which read and check it).
    await expect(checkModelPath(MODEL)).resolves.toBeUndefined();
    await expect(checkModelPath(join(MODEL, '..'))).resolves.toBeUndefined();
  });

  it('usage errors, a missing model and missing images are reported with tfjs not installed', async () => {
    const hidden = { preload: [join(import.meta.dirname, 'hideModules.mjs')], env: { HIDE_MODULES: '@tensorflow/tfjs-core,@tensorflow/tfjs-layers' } };
    const cases: Array<[string[], RegExp]> = [
      [['explain', 'x.png', '--model', MODEL, '--colormap', 'rainbow'], /^tfjs-gradcam: explain: --colormap "rainbow" is not valid; allowed: jet, turbo, viridis, inferno, magma, plasma, gray\.$/],
      [['explain', 'x.png', '--model', '/nonexistent/model.json'], /^tfjs-gradcam: --model: no file at "\/nonexistent\/model\.json" \(resolved to /],
      [['explain', '/nonexistent/a.png', '--model', MODEL], /^tfjs-gradcam: explain: no image to explain: \/nonexistent\/a\.png: no such file or folder\.$/],
      [['layers', '--model', '/nonexistent/model.json'], /^tfjs-gradcam: --model: no file at "\/nonexistent\/model\.json"/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args, hidden)));
    runs.forEach((r, k) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim()).toMatch(cases[k]![1]);
      expect(r.stdout).toBe('');
    });
    // Non-vacuity: with tfjs hidden, a valid command line fails where the model is loaded.
    const valid = await runCli(['layers', '--model', MODEL, '--backend', 'cpu'], hidden);
    expect(valid.code).not.toBe(0);
    expect(valid.stderr).toMatch(/@tensorflow\/tfjs-(core|layers)/);
  });
});
