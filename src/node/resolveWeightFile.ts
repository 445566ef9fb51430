import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, posix, relative, resolve, sep, win32 } from 'node:path';
import { CamError } from '../core/errors.js';

/**
 * Resolves one `weightsManifest[].paths` entry to a regular file inside the model folder.
 *
 * The entry must be relative, must not climb out with `..`, and its real path (symlinks
 * followed) must stay inside `modelDir`, so a model.json cannot make the loader read arbitrary
 * files. The checks run before any weight byte is read.
 *
 * @param modelDir - real path (already through `realpath`) of the folder holding model.json.
 * @param entry - the manifest entry as written in model.json.
 * @returns the file's real path and its size in bytes.
 * @throws CamError `UNSAFE_PATH` (absolute, escaping, or a symlink leading outside),
 *   `FILE_NOT_FOUND`, `FILE_UNREADABLE` (not a regular file).
 * @internal
 */
export async function resolveWeightFile(modelDir: string, entry: string, fn: string): Promise<{ path: string; bytes: number }> {
  const shown = JSON.stringify(entry);
  const unsafe = (why: string) =>
    new CamError(
      'UNSAFE_PATH',
      `${fn}(): weightsManifest path ${shown} ${why}; weight files must lie inside the model folder ` +
        `${JSON.stringify(modelDir)}. Move the files next to model.json and list them by plain relative names.`,
    );
  if (entry.includes('\0')) throw unsafe('contains a NUL byte');
  if (isAbsolute(entry) || posix.isAbsolute(entry) || win32.isAbsolute(entry)) throw unsafe('is absolute');
  // file:, http:, data: ... and drive-relative Windows paths (C:x): never a plain file name.
  if (/^[a-z][a-z0-9+.-]*:/i.test(entry)) throw unsafe('is a URL or names a drive');
  const candidate = resolve(modelDir, entry);
  if (!isInside(modelDir, candidate)) throw unsafe(`resolves to ${JSON.stringify(candidate)}, outside the model folder`);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CamError('FILE_NOT_FOUND', `${fn}(): weight file ${shown} listed in model.json was not found in the model folder ${JSON.stringify(modelDir)}; copy every file the converter wrote next to model.json.`);
    }
    throw new CamError('FILE_UNREADABLE', `${fn}(): could not open weight file ${shown} in ${JSON.stringify(modelDir)}: ${(e as Error).message}.`);
  }
  if (!isInside(modelDir, real)) throw unsafe(`is a symbolic link to ${JSON.stringify(real)}, outside the model folder`);
  const info = await stat(real);
  if (!info.isFile()) {
    throw new CamError('FILE_UNREADABLE', `${fn}(): weight file ${shown} in ${JSON.stringify(modelDir)} is not a regular file.`);
  }
  return { path: real, bytes: info.size };
}

/** True when `child` is strictly below `dir` (both absolute). */
function isInside(dir: string, child: string): boolean {
  const rel = relative(dir, child);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
}
