import { CamError } from '../core/errors.js';
import { listCandidateLayers } from '../core/listCandidateLayers.js';
import { initBackend } from './initBackend.js';
import { quietTfjs } from './quietTfjs.js';
import { loadModelFile, type LoadedModel } from './loadModelFile.js';

/**
 * The part of `tfjs-gradcam layers` that needs tfjs, run once the arguments are checked
 * (`layersCommand` loads this module only then): starts the backend, loads the model, prints its
 * explainable layers with their output shapes and marks the automatic choice. Returns the exit status.
 *
 * @param modelPath - the `--model` path.
 * @param options - `backend` to start, and `json` for one JSON line instead of the table.
 * @throws CliUsageError for an unloadable model.
 * @internal
 */
export async function runLayers(modelPath: string, options: { backend: 'wasm' | 'cpu'; json: boolean }): Promise<number> {
  const { backend } = options;
  quietTfjs();
  await initBackend(backend, (line) => process.stderr.write(line + '\n'));

  const loaded = await loadModelFile(modelPath, 'layers');
  try {
    const classes = new Map(listCandidateLayers(loaded.model).map((l) => [l.path, l.className]));
    const layers = loaded.split.candidates().map((c) => ({ path: c.name, className: classes.get(c.name) ?? '', outputShape: [...c.shape] }));
    const automatic = automaticLayer(loaded);
    const input = [...loaded.split.inputShape];
    const output = loaded.split.outputShape ? [...loaded.split.outputShape] : null;
    if (options.json) {
      const json = { model: modelPath, kind: loaded.kind, input, output, layers: layers.map((l) => ({ ...l, automatic: l.path === automatic })), automatic };
      process.stdout.write(JSON.stringify(json) + '\n');
      return 0;
    }
    const shape = (s: ReadonlyArray<number | null> | null) => (s === null ? 'unknown' : `[${s.map((d) => (d === null || d < 0 ? 'null' : String(d))).join(', ')}]`);
    const lines = [`${modelPath} (${loaded.kind} model): input ${shape(input)}, output ${shape(output)}`];
    if (layers.length === 0) {
      lines.push('no layer with a 4-D output whose height and width are > 1: nothing to explain with a CAM.');
    } else {
      const noun = loaded.kind === 'graph' ? 'node' : 'layer';
      lines.push(`${layers.length} ${noun}${layers.length === 1 ? '' : 's'} with a 4-D output whose height and width are > 1, in execution order:`, '');
      const pathWidth = Math.max(4, ...layers.map((l) => l.path.length));
      const heading = loaded.kind === 'graph' ? 'op' : 'class';
      const classWidth = Math.max(heading.length, ...layers.map((l) => l.className.length));
      const column = (text: string) => text.padEnd(classWidth) + '  ';
      lines.push(`  ${'path'.padEnd(pathWidth)}  ${column(heading)}output shape`);
      for (const l of layers) {
        const mark = l.path === automatic ? '  <- automatic choice' : '';
        lines.push(`  ${l.path.padEnd(pathWidth)}  ${column(l.className)}${shape(l.outputShape).padEnd(20)}${mark}`.trimEnd());
      }
      lines.push('', `explain uses ${automatic} unless --layer names another.`);
    }
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    loaded.dispose();
  }
}

/** The path the CAM methods explain when no layer is named, or null when there is none. */
function automaticLayer(loaded: LoadedModel): string | null {
  try {
    return loaded.split.resolve(undefined, 'layers');
  } catch (e) {
    if (e instanceof CamError && e.code === 'NO_SPATIAL_LAYER') return null;
    throw e;
  }
}
