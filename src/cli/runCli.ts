import { CliUsageError } from './cliUsageError.js';
import { mainHelpText } from './mainHelpText.js';
import { packageVersion } from './packageVersion.js';

/**
 * The `tfjs-gradcam` command: dispatches to `explain` or `layers` (loaded on demand, so that
 * `--help` and `--version` do not load tfjs), prints help and the version, and turns usage errors
 * into a message on stderr and exit status 2.
 *
 * @param argv - the arguments after the program name.
 * @returns the exit status (0 success, 1 some image failed, 2 usage error).
 * @internal
 */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(mainHelpText);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        process.stdout.write(`${packageVersion()}\n`);
        return 0;
      case 'explain':
        return await (await import('./explainCommand.js')).explainCommand(rest);
      case 'layers':
        return await (await import('./layersCommand.js')).layersCommand(rest);
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
