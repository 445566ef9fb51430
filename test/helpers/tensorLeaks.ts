// Leak checks shared by the ops and colormaps tests.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { CamError, type CamErrorCode } from '../../src/core/errors.js';

/** Runs `fn`, asserts it added exactly its returned tensor to the tfjs registry, then disposes it. */
export function expectNoLeak(fn: () => tf.Tensor): void {
  const before = tf.memory().numTensors;
  const out = fn();
  expect(tf.memory().numTensors - before).toBe(1);
  out.dispose();
  expect(tf.memory().numTensors).toBe(before);
}

/** The checks shared by the sync and async helpers below. */
function checkCaught(before: number, caught: unknown, code: CamErrorCode, messages: RegExp[]): CamError {
  expect(tf.memory().numTensors).toBe(before);
  expect(caught).toBeInstanceOf(CamError);
  const err = caught as CamError;
  expect(err.code).toBe(code);
  for (const m of messages) expect(err.message).toMatch(m);
  return err;
}

/** Asserts `fn` throws a CamError with `code` (and message matching `message`) and leaves no tensor behind. */
export function expectCamErrorNoLeak(fn: () => unknown, code: CamErrorCode, message?: RegExp): CamError {
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  return checkCaught(before, caught, code, message ? [message] : []);
}

/**
 * Awaits `run()` (sync or async), asserts it fails with a CamError of `code` whose message matches
 * every regex, and that no tensor was left behind.
 */
export async function expectRejectsNoLeak(run: () => unknown, code: CamErrorCode, ...messages: RegExp[]): Promise<CamError> {
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  return checkCaught(before, caught, code, messages);
}
