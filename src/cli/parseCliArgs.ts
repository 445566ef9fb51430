import { parseArgs } from 'node:util';
import { CliUsageError } from './cliUsageError.js';

/** A parseArgs option spec. @internal */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * Parses a command's arguments strictly (unknown options, missing values and repeated options
 * are usage errors naming the command).
 * @internal
 */
export function parseCliArgs(command: string, argv: string[], options: OptionSpec): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    const raw = (e as Error).message;
    // "--class -1": parseArgs reads -1 as an option and calls the value ambiguous.
    const dashed = /^Option '(--?[\w-]+)' argument is ambiguous/.exec(raw);
    const message = dashed
      ? `${dashed[1]} needs a value; a value that starts with a dash must follow "=" (e.g. ${dashed[1]}=-1)`
      : raw.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
    throw new CliUsageError(`${command}: ${message}. See "tfjs-gradcam ${command} --help".`);
  }
  const counts = new Map<string, number>();
  for (const t of parsed.tokens ?? []) if (t.kind === 'option') counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  for (const [name, n] of counts) {
    if (n > 1) throw new CliUsageError(`${command}: --${name} was given ${n} times; give it once.`);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}
