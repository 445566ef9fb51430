/**
 * A problem with the command line or with what applies to every file (the model, the layer, an
 * option): the CLI prints the message and exits with status 2.
 * @internal
 */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
