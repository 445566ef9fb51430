import { describe, expect, it } from 'vitest';
import { CamError } from '../../src/core/errors.js';
import { assertNode } from '../../src/node/assertNode.js';
import { decodeImage } from '../../src/node/decodeImage.js';
import { readImage } from '../../src/node/readImage.js';

/**
 * Runs `fn` with `globalThis.process` hidden, as in a browser, restoring it before returning.
 * `fn` must only start work synchronously (adapter functions check the runtime before any await).
 */
function withoutProcess<T>(fn: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    Object.defineProperty(globalThis, 'process', saved);
  }
}

describe('assertNode', () => {
  it('passes in Node', () => {
    expect(() => assertNode('readImage')).not.toThrow();
  });

  it('throws WRONG_RUNTIME naming the function and tfjs-gradcam/browser when process is absent', () => {
    let caught: unknown;
    withoutProcess(() => {
      try {
        assertNode('writePng');
      } catch (e) {
        caught = e;
      }
    });
    expect(caught).toBeInstanceOf(CamError);
    expect((caught as CamError).code).toBe('WRONG_RUNTIME');
    expect((caught as CamError).message).toMatch(/^writePng\(\): tfjs-gradcam\/node needs Node\.js.*import from 'tfjs-gradcam\/browser' instead/);
  });

  it('guards the public functions: a sync one throws, an async one rejects', async () => {
    expect(() => withoutProcess(() => decodeImage(new Uint8Array(8)))).toThrow(/^decodeImage\(\): tfjs-gradcam\/node needs Node\.js/);
    const pending = withoutProcess(() => readImage('any.png'));
    await expect(pending).rejects.toMatchObject({ name: 'CamError', code: 'WRONG_RUNTIME' });
  });

  it('throws WRONG_RUNTIME when process exists without versions.node', () => {
    let caught: unknown;
    withoutProcess(() => {
      (globalThis as { process?: unknown }).process = { versions: {} };
      try {
        assertNode('loadLayersModel');
      } catch (e) {
        caught = e;
      }
    });
    expect((caught as CamError).code).toBe('WRONG_RUNTIME');
  });
});
