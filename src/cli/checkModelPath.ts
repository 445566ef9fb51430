import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliUsageError } from './cliUsageError.js';

/**
 * Refuses a `--model` path where there is no file, before the CLI loads tfjs, with the message the
 * model loaders give (`--model: no file at …`). Every other problem (a folder, an unreadable or
 * invalid file) is left to the loaders, which say exactly what is wrong.
 *
 * @param path - the `--model` argument.
 * @throws CliUsageError when nothing exists at `path`.
 * @internal
 */
export async function checkModelPath(path: string): Promise<void> {
  const code = await stat(path).then(
    () => undefined,
    (e: NodeJS.ErrnoException) => e.code,
  );
  if (code === 'ENOENT') {
    throw new CliUsageError(`--model: no file at ${JSON.stringify(path)} (resolved to ${JSON.stringify(resolve(path))}); pass the path of the model's model.json.`);
  }
}
