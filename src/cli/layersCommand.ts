import { checkModelPath } from './checkModelPath.js';
import { CliUsageError } from './cliUsageError.js';
import { helpText } from './helpText.js';
import { parseCliArgs, type OptionSpec } from './parseCliArgs.js';

/** Options of `tfjs-gradcam layers` (the help text lists each one). @internal */
export const layersOptionSpec: OptionSpec = {
  model: { type: 'string', short: 'm' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * `tfjs-gradcam layers`: lists the explainable layers with their output shapes and marks the
 * automatic choice (the layer the CAM methods pick without `layerName`: the last spatial layer,
 * or for a nested model the layer that produces its output). Returns the exit status.
 *
 * The arguments and the model path are checked before tfjs is loaded (the part that needs it,
 * `runLayers`, is imported only then), so that a usage error costs no tfjs start-up.
 * @throws CliUsageError for bad options or an unloadable model.
 * @internal
 */
export async function layersCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('layers', argv, layersOptionSpec);
  if (values.help === true) {
    process.stdout.write(helpText.layers);
    return 0;
  }
  const modelPath = values.model as string | undefined;
  if (modelPath === undefined || modelPath === '') throw new CliUsageError('layers: --model <model.json> is required. See "tfjs-gradcam layers --help".');
  if (positionals.length > 0) throw new CliUsageError(`layers: unexpected argument ${JSON.stringify(positionals[0])}; layers takes only options. See "tfjs-gradcam layers --help".`);
  const backend = (values.backend as string | undefined) ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw new CliUsageError(`layers: --backend ${JSON.stringify(backend)} is not valid; allowed: wasm, cpu.`);
  await checkModelPath(modelPath);
  const { runLayers } = await import('./runLayers.js');
  return runLayers(modelPath, { backend, json: values.json === true });
}
