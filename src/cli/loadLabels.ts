import { readFile } from 'node:fs/promises';
import { CliUsageError } from './cliUsageError.js';

/**
 * Class names for captions and JSON output. From `--labels <file>` (a JSON array of strings, a
 * JSON object with a `classes` or `labels` array, or a text file with one name per line), else
 * from the model's `model.json` metadata (`userDefinedMetadata.classes`, `.labels`,
 * `.output.classes` or `.output.labels`), else none.
 * @internal
 */
export async function loadLabels(labelsPath: string | undefined, modelJsonPath: string): Promise<string[] | undefined> {
  if (labelsPath !== undefined) {
    let text: string;
    try {
      text = await readFile(labelsPath, 'utf8');
    } catch (e) {
      throw new CliUsageError(`--labels ${JSON.stringify(labelsPath)}: cannot read it (${(e as Error).message}).`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return text.split(/\r?\n/).map((l) => l.trim()).filter((l, k, all) => l !== '' || all.slice(k).some((m) => m !== ''));
    }
    const labels = pickLabels(json);
    if (!labels) {
      throw new CliUsageError(`--labels ${JSON.stringify(labelsPath)} is JSON but holds no array of class names; expected ["cat", "dog", ...] or { "classes": [...] }.`);
    }
    return labels;
  }
  try {
    const model = JSON.parse(await readFile(modelJsonPath, 'utf8')) as { userDefinedMetadata?: Record<string, unknown> };
    const meta = model.userDefinedMetadata;
    return pickLabels(meta) ?? pickLabels(meta?.output);
  } catch {
    return undefined; // the model loader reports unreadable model files
  }
}

function pickLabels(x: unknown): string[] | undefined {
  const isNames = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');
  if (isNames(x)) return x;
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (isNames(o.classes)) return o.classes;
    if (isNames(o.labels)) return o.labels;
  }
  return undefined;
}
