/**
 * A one-line progress bar on a terminal stream (`[#####.....] 12/40  name`), redrawn in place.
 * Lines logged through {@link ProgressBar.log} are written above it.
 * @internal
 */
export class ProgressBar {
  private shown = false;
  private last = '';

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
  ) {}

  /** Shows `done` of `total`, with the file being worked on. */
  update(done: number, label: string): void {
    const width = 24;
    const filled = Math.round((done / this.total) * width);
    const columns = this.stream.columns || 80;
    const head = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total}  `;
    const room = columns - head.length - 1;
    this.last = head + (label.length <= room ? label : room > 8 ? '…' + label.slice(label.length - room + 1) : '');
    this.stream.write(`\r\x1b[2K${this.last}`);
    this.shown = true;
  }

  /** Writes a whole line to `to` without garbling the bar. */
  log(to: NodeJS.WritableStream, line: string): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    to.write(line + '\n');
    if (this.shown) this.stream.write(this.last);
  }

  /** Removes the bar. */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
