import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/cli/expandInputs.js';
import { globToRegExp } from '../../src/cli/globToRegExp.js';
import { makeTempDir, removeTempDir } from '../node/nodeTestHelpers.js';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
  for (const f of ['a.png', 'b.JPG', 'c.txt', '.hidden.png', 'sub/d.webp', 'sub/deeper/e.png', 'sub/deeper/f1.png', 'out/old.png', '.git/g.png']) {
    await mkdir(join(dir, f, '..'), { recursive: true });
    await writeFile(join(dir, f), 'x');
  }
  await symlink(join(dir, 'a.png'), join(dir, 'sub', 'link-to-a.png'));
  await symlink(join(dir, 'sub'), join(dir, 'linked-folder'));
});
afterAll(() => removeTempDir(dir));

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('CLI inputs', () => {
  it('globToRegExp: * and ? stay within a name, ** spans folders (none included)', () => {
    const re = globToRegExp('**/f?.png');
    expect(['f1.png', 'a/f2.png', 'a/b/f3.png'].every((p) => re.test(p))).toBe(true);
    expect(['f12.png', 'a/f1.pngx', 'af1.png'].some((p) => re.test(p))).toBe(false);
    expect(globToRegExp('*.png').test('a/b.png')).toBe(false);
    expect(globToRegExp('a.b(c)+.png').test('a.b(c)+.png')).toBe(true);
    expect(globToRegExp('a.png').test('aXpng')).toBe(false);
    expect(globToRegExp('sub/**').test('sub/x/y.png')).toBe(true);
  });

  it('a folder is walked recursively for image extensions, sorted, skipping dot-names, linked folders and the output folder', async () => {
    const { files, problems } = await expandInputs(['.'], dir, 'out');
    expect(problems).toEqual([]);
    expect(files.map((f) => [f.path, f.stem])).toEqual([
      ['a.png', 'a'],
      ['b.JPG', 'b'],
      ['sub/d.webp', 'sub/d'],
      ['sub/deeper/e.png', 'sub/deeper/e'],
      ['sub/deeper/f1.png', 'sub/deeper/f1'],
    ]);
    // The link to a.png is the same file: listed once.
  });

  it('globs match below their fixed folder and keep the sub-path as the output name; files are taken as given', async () => {
    const { files, problems } = await expandInputs(['sub/**/*.png', 'c.txt', 'sub/deeper/e.png', 'nope.png', 'sub/*.gif'], dir);
    expect(files.map((f) => [f.path, f.stem])).toEqual([
      ['sub/deeper/e.png', 'deeper/e'],
      ['sub/deeper/f1.png', 'deeper/f1'],
      ['sub/link-to-a.png', 'link-to-a'],
      ['c.txt', 'c'],
    ]);
    expect(problems).toEqual([
      { arg: 'nope.png', reason: 'no such file or folder' },
      { arg: 'sub/*.gif', reason: 'no image file matches this pattern' },
    ]);
  });
});
