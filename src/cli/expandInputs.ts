import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { globToRegExp, isGlob } from './globToRegExp.js';
import { IMAGE_EXTENSIONS } from './imageExtensions.js';

/**
 * One image the CLI will explain.
 * @internal
 */
export interface InputFile {
  /** The path as the user will read it (the argument, or the argument's folder joined with the file). */
  path: string;
  /** Real absolute path (symbolic links resolved), used to recognise inputs and duplicates. */
  real: string;
  /** Output name without extension, relative to `--out`: the file's path below its folder or glob base. */
  stem: string;
}

/**
 * What {@link expandInputs} found: the images in argument order (each argument's matches sorted),
 * without duplicates, and the arguments that matched nothing, with the reason.
 * @internal
 */
export interface ExpandedInputs {
  files: InputFile[];
  problems: Array<{ arg: string; reason: string }>;
}

/**
 * Expands the CLI's positional arguments: a file is taken as it is (whatever its extension); a
 * folder is walked recursively for image files (by extension, see `IMAGE_EXTENSIONS`); an argument
 * with `*` or `?` is a glob (`**` for any depth) matched against image files below its fixed
 * leading folders. Names starting with `.` are skipped when walking; symbolic links to files are
 * followed, links to folders are not. A folder `skip` (the output folder) is not entered, so that
 * outputs of an earlier run are not taken as inputs.
 * @internal
 */
export async function expandInputs(args: readonly string[], cwd = process.cwd(), skip?: string): Promise<ExpandedInputs> {
  const skipReal = skip === undefined ? undefined : await realpath(resolve(cwd, skip)).catch(() => resolve(cwd, skip));
  const walk = (dir: string) => walkImages(dir, skipReal);
  const files: InputFile[] = [];
  const problems: ExpandedInputs['problems'] = [];
  const seen = new Set<string>();
  const add = async (path: string, stemBase: string | undefined) => {
    const abs = resolve(cwd, path);
    const real = await realpath(abs).catch(() => abs);
    if (seen.has(real)) return;
    seen.add(real);
    const rel = stemBase === undefined ? basename(path) : relative(stemBase, abs);
    files.push({ path, real, stem: stripExtension(rel.split(sep).join('/')) });
  };
  for (const arg of args) {
    if (isGlob(arg)) {
      const posix = arg.split(sep).join('/');
      const segments = posix.split('/');
      const fixed = segments.findIndex((s) => isGlob(s));
      const baseArg = segments.slice(0, fixed).join('/') || (posix.startsWith('/') ? '/' : '.');
      const base = resolve(cwd, baseArg);
      const pattern = globToRegExp(segments.slice(fixed).join('/'));
      const found = (await walk(base)).filter((f) => pattern.test(relative(base, f).split(sep).join('/')));
      if (found.length === 0) problems.push({ arg, reason: 'no image file matches this pattern' });
      for (const f of found) await add(join(baseArg, relative(base, f)), base);
      continue;
    }
    let info;
    try {
      info = await stat(resolve(cwd, arg));
    } catch {
      problems.push({ arg, reason: 'no such file or folder' });
      continue;
    }
    if (info.isDirectory()) {
      const base = resolve(cwd, arg);
      const found = await walk(base);
      if (found.length === 0) problems.push({ arg, reason: `the folder holds no image file (${[...IMAGE_EXTENSIONS].join(', ')})` });
      for (const f of found) await add(join(arg, relative(base, f)), base);
    } else {
      await add(arg, undefined);
    }
  }
  return { files, problems };
}

/** Image files below `dir` (absolute paths, sorted), skipping dot-names, linked folders and `skip`. */
async function walkImages(dir: string, skip: string | undefined): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (skip === undefined || (await realpath(full).catch(() => full)) !== skip) out.push(...(await walkImages(full, skip)));
    }
    else if (IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())) {
      if (e.isFile() || (e.isSymbolicLink() && (await stat(full).then((s) => s.isFile(), () => false)))) out.push(full);
    }
  }
  return out;
}

function stripExtension(p: string): string {
  const ext = extname(p);
  return ext ? p.slice(0, -ext.length) : p;
}
