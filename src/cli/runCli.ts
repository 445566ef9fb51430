import * as tf from '@tensorflow/tfjs-core';
import { CliUsageError } from './cliUsageError.js';
import { explainCommand } from './explainCommand.js';
import { helpText } from './helpText.js';
import { layersCommand } from './layersCommand.js';
import { packageVersion } from './packageVersion.js';

/**
 * The `tfjs-gradcam` command: dispatches to `explain` or `layers`, prints help and the version,
 * and turns usage errors into a message on stderr and exit status 2.
 *
 * @param argv - the arguments after the program name.
 * @returns the exit status (0 success, 1 some image failed, 2 usage error).
 * @internal
 */
export async function runCli(argv: string[]): Promise<number> {
  // tfjs's console notes (e.g. the suggestion to install tfjs-node) would mix with the output.
  tf.env().set('PROD', true);
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(helpText.main);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        process.stdout.write(`${packageVersion()}\n`);
        return 0;
      case 'explain':
        return await explainCommand(rest);
      case 'layers':
        return await layersCommand(rest);
      default:
        throw new CliUsageError(`unknown command ${JSON.stringify(command)}; the commands are explain and layers. See "tfjs-gradcam --help".`);
    }
  } catch (e) {
    if (e instanceof CliUsageError) {
      process.stderr.write(`tfjs-gradcam: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
