/**
 * Splits `text` into lines of at most `maxChars` characters, breaking at spaces where it can and
 * inside words longer than a line. Runs of spaces at a break are dropped; explicit `\n` starts a
 * new line.
 *
 * @param text - the text.
 * @param maxChars - the most characters per line (at least 1).
 * @returns the lines (at least one, possibly empty).
 * @internal
 */
export function wrapText(text: string, maxChars: number): string[] {
  const limit = Math.max(1, Math.floor(maxChars));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      let rest = word;
      if (line !== '' && line.length + 1 + rest.length <= limit) {
        line += ' ' + rest;
        continue;
      }
      if (line !== '') lines.push(line);
      while (rest.length > limit) {
        lines.push(rest.slice(0, limit));
        rest = rest.slice(limit);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}
