import { checkModelPath } from './checkModelPath.js';
import { CliUsageError } from './cliUsageError.js';
import { expandInputs } from './expandInputs.js';
import { parseExplainArgs } from './explainArgs.js';
import { helpText } from './helpText.js';
import { loadLabels } from './loadLabels.js';

/**
 * `tfjs-gradcam explain`: explains every image and writes one PNG per image into `--out`.
 * Returns the exit status: 0 all explained, 1 some image failed.
 *
 * The arguments, the model path, the labels and the inputs are checked before tfjs is loaded (the
 * part that needs it, `runExplain`, is imported only then), so that a usage error costs no tfjs
 * start-up.
 * @throws CliUsageError for bad options, an unloadable model or a problem common to all images.
 * @internal
 */
export async function explainCommand(argv: string[]): Promise<number> {
  const args = parseExplainArgs(argv);
  if (args.help) {
    process.stdout.write(helpText.explain);
    return 0;
  }
  const started = performance.now();
  await checkModelPath(args.model);
  const labels = await loadLabels(args.labels, args.model);
  const inputs = await expandInputs(args.inputs, process.cwd(), args.out);
  if (inputs.files.length === 0 && inputs.problems.length > 0 && inputs.problems.length === args.inputs.length) {
    throw new CliUsageError(`explain: no image to explain: ${inputs.problems.map((p) => `${p.arg}: ${p.reason}`).join('; ')}.`);
  }
  const { runExplain } = await import('./runExplain.js');
  return runExplain(args, { inputs, labels, started });
}
