import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../src/cli/progressBar.js';

/** A terminal-like stream of `columns` width that records what is written to it. */
function terminal(columns: number): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  (stream as { columns: number }).columns = columns;
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('CLI progress bar', () => {
  it('redraws one line in place: filled share, count, the file name cut from the left to fit', async () => {
    const t = terminal(60);
    const bar = new ProgressBar(t.stream, 40);
    bar.update(10, 'photos/a.png');
    bar.update(30, 'photos/some/very/long/folder/name/that/does/not/fit/b.png');
    bar.clear();
    await new Promise((r) => setImmediate(r));
    const frames = t.text().split('\r\x1b[2K').filter((f) => f.length > 0);
    expect(frames[0]).toBe(`[${'#'.repeat(6)}${'.'.repeat(18)}] 10/40  photos/a.png`);
    expect(frames[1]!.startsWith(`[${'#'.repeat(18)}${'.'.repeat(6)}] 30/40  …`)).toBe(true);
    expect(frames[1]!.endsWith('fit/b.png')).toBe(true);
    expect(frames[1]!.length).toBeLessThanOrEqual(59);
    expect(t.text().endsWith('\r\x1b[2K')).toBe(true); // cleared
  });

  it('log() writes a whole line above the bar and draws the bar again', async () => {
    const t = terminal(80);
    const out = terminal(80);
    const bar = new ProgressBar(t.stream, 2);
    bar.update(1, 'x.png');
    bar.log(out.stream, 'ok  x.png -> out/x.png');
    await new Promise((r) => setImmediate(r));
    expect(out.text()).toBe('ok  x.png -> out/x.png\n');
    expect(t.text()).toBe(`\r\x1b[2K[${'#'.repeat(12)}${'.'.repeat(12)}] 1/2  x.png\r\x1b[2K[${'#'.repeat(12)}${'.'.repeat(12)}] 1/2  x.png`);
  });
});
