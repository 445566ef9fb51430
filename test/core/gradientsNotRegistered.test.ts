import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

// tfjs-core registers no gradients; tfjs-layers does on import. A program that never imports it
// (a GraphModel or CustomModel user) gets a CamError that says what to import.
describe.runIf(process.env.TFJS_BACKEND === 'cpu')('gradients not registered', () => {
  it('a gradient method without tfjs-layers imported: GRADIENTS_NOT_REGISTERED, nothing leaked', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'test', 'core', 'scripts', 'camWithoutLayers.ts')], { cwd: root, timeout: 60_000 });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as { code: string; message: string; leaked: number };
    expect(out.code).toBe('GRADIENTS_NOT_REGISTERED');
    expect(out.message).toMatch(/import '@tensorflow\/tfjs-layers'/);
    expect(out.leaked).toBe(0);
  });
});
