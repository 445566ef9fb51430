// Shared helpers of the node adapter tests: fixture paths, the fixtures' pixel formulas (the same
// as scripts/gen-image-fixtures.py), temp folders and async error + leak checks.
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { CamError, type CamErrorCode } from '../../src/core/errors.js';

export const IMAGES = fileURLToPath(new URL('../fixtures/images/', import.meta.url));
export const image = (name: string): string => join(IMAGES, name);

/** Flat [H, W, 3] RGB values of `f(x, y)` over a width × height grid, row-major. */
export function rgbGrid(width: number, height: number, f: (x: number, y: number) => number[]): number[] {
  const out: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.push(...f(x, y));
  return out;
}

/** Awaits `run()`, asserts it rejects with a CamError of `code` whose message matches every regex, and that no tensor was left behind. */
export async function expectRejectsNoLeak(run: () => Promise<unknown>, code: CamErrorCode, ...messages: RegExp[]): Promise<CamError> {
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  expect(tf.memory().numTensors).toBe(before);
  expect(caught).toBeInstanceOf(CamError);
  const err = caught as CamError;
  expect(err.code).toBe(code);
  for (const m of messages) expect(err.message).toMatch(m);
  return err;
}

/** A fresh temp folder; remove it with `removeTempDir`. */
export const makeTempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'tfjs-gradcam-node-'));
export const removeTempDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** Regex-escapes a literal string (for paths inside message regexes). */
export const literal = (s: string): RegExp => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
