// Runs the real CLI (src/cli/main.ts through tsx) as a child process.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(import.meta.dirname, '..', '..');
export const MODEL = join(ROOT, 'examples', 'model', 'model.json');
export const IMAGES = join(ROOT, 'examples', 'images');
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tfjs-gradcam <args>` in `cwd`; `preload` adds `--import` modules (e.g. hideModules.mjs). */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; preload?: string[] } = {}): Promise<CliRun> {
  const imports = [TSX, ...(options.preload ?? []).map((p) => pathToFileURL(p).href)].flatMap((u) => ['--import', u]);
  return new Promise((resolve) => {
    execFile(process.execPath, [...imports, MAIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
