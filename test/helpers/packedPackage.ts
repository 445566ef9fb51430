/**
 * The packed package, installed offline into a temp project, for the packaging, Deno and notebook
 * tests: `npm run build` when dist/ is older than its inputs, `npm pack`, the tarball extracted into
 * `<project>/node_modules/tfjs-gradcam`, peers and dependencies linked from this repo's node_modules.
 * Building and packing hold a lock, so test files running in parallel never pack a dist/ that
 * another one is rebuilding.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('../../', import.meta.url)));

/** The build outputs the package must hold (entry points and the CLI). */
export const DIST_FILES = ['index.js', 'index.cjs', 'index.d.ts', 'node/index.js', 'node/index.cjs', 'node/index.d.ts', 'browser/index.js', 'browser/index.cjs', 'browser/index.d.ts', 'cli.js'];

/** Runs a command, returning stdout; on failure the error carries stdout and stderr. */
export function run(file: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv, timeout = 60_000): string {
  try {
    return execFileSync(file, args, { cwd, env: env ?? process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { message: string; stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

/** Newest modification time of the build's inputs (src/ and the build configuration). */
function newestInputMtime(): number {
  let newest = 0;
  for (const f of ['package.json', 'tsup.config.ts', 'tsconfig.json']) newest = Math.max(newest, statSync(join(REPO, f)).mtimeMs);
  for (const rel of readdirSync(join(REPO, 'src'), { recursive: true }) as string[]) {
    newest = Math.max(newest, statSync(join(REPO, 'src', rel)).mtimeMs);
  }
  return newest;
}

/** True when a dist/ entry file is missing or older than an input. */
function distIsStale(): boolean {
  const files = DIST_FILES.map((f) => join(REPO, 'dist', f));
  if (!files.every((f) => existsSync(f))) return true;
  const oldest = Math.min(...files.map((f) => statSync(f).mtimeMs));
  return oldest < newestInputMtime();
}

/** Runs `fn` holding a lock directory shared by every test process of this checkout. */
function withBuildLock<T>(fn: () => T): T {
  const lock = join(tmpdir(), `tfjs-gradcam-build-${createHash('sha256').update(REPO).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      try {
        // A lock older than 10 minutes belongs to a process that died.
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error(`waited 5 minutes for the build lock ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A temp project with the packed package installed; `cleanup()` removes it. */
export interface PackedProject {
  /** The temp folder holding the tarball and the project. */
  tmp: string;
  tarball: string;
  /** Paths inside the tarball, without the leading `package/`. */
  tarEntries: string[];
  /** The project folder (package.json, node_modules). */
  project: string;
  /** `<project>/node_modules/tfjs-gradcam`. */
  installed: string;
  cleanup(): void;
}

/**
 * Builds (if stale) and packs the package, and installs the tarball into a fresh temp project
 * without the network.
 *
 * @param type - the project's package.json `type`.
 */
export function packedProject(type: 'module' | 'commonjs' = 'module'): PackedProject {
  const tmp = mkdtempSync(join(tmpdir(), 'tfjs-gradcam-pack-'));
  const tarball = withBuildLock(() => {
    if (distIsStale()) run('npm', ['run', 'build'], REPO, undefined, 240_000);
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--offline', '--pack-destination', tmp], REPO)) as { filename: string }[];
    return join(tmp, packed[0]!.filename);
  });
  const tarEntries = run('tar', ['-tzf', tarball], tmp)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^package\//, ''));
  const project = join(tmp, 'project');
  const installed = join(project, 'node_modules', 'tfjs-gradcam');
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-test-project', private: true, type }));
  run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], tmp);
  // Peers and dependencies come from this repo (no network); Node, Deno and esbuild resolve the
  // links to one copy.
  for (const dep of ['@tensorflow', 'pngjs', 'jpeg-js']) symlinkSync(join(REPO, 'node_modules', dep), join(project, 'node_modules', dep), 'dir');
  return { tmp, tarball, tarEntries, project, installed, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** The `deno` binary of the `deno` npm package (a devDependency). */
export const DENO = join(REPO, 'node_modules', '.bin', 'deno');

/**
 * Environment and flags that keep Deno offline and quiet: a private DENO_DIR, no update check; with
 * `--node-modules-dir=manual --cached-only --no-remote` any attempt to download fails instead.
 */
export function denoOffline(tmp: string): { env: NodeJS.ProcessEnv; flags: string[] } {
  return {
    env: { ...process.env, DENO_DIR: join(tmp, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', NO_COLOR: '1' },
    flags: ['--node-modules-dir=manual', '--cached-only', '--no-remote'],
  };
}
