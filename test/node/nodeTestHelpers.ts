// Shared helpers of the node adapter tests: fixture paths, the fixtures' pixel formulas (the same
// as scripts/gen-image-fixtures.py), temp folders and async error + leak checks.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const IMAGES = fileURLToPath(new URL('../fixtures/images/', import.meta.url));
export const image = (name: string): string => join(IMAGES, name);

/** Flat [H, W, 3] RGB values of `f(x, y)` over a width × height grid, row-major. */
export function rgbGrid(width: number, height: number, f: (x: number, y: number) => number[]): number[] {
  const out: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.push(...f(x, y));
  return out;
}

export { expectRejectsNoLeak } from '../helpers/tensorLeaks.js';

/** A fresh temp folder; remove it with `removeTempDir`. */
export const makeTempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'tfjs-gradcam-node-'));
export const removeTempDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** Regex-escapes a literal string (for paths inside message regexes). */
export const literal = (s: string): RegExp => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
