/**
 * Compiles the part of a glob after its fixed folder into a regular expression over `/`-separated
 * relative paths: `**` as a whole segment matches any number of folders (none included), `*`
 * matches within one name, `?` one character of a name; everything else is literal.
 *
 * @example `globToRegExp('**\/cat-?.jpg')` matches `cat-1.jpg` and `a/b/cat-2.jpg`.
 * @internal
 */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.split('/');
  let source = '';
  segments.forEach((segment, k) => {
    const last = k === segments.length - 1;
    if (segment === '**') {
      source += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    for (const ch of segment) {
      if (ch === '*') source += '[^/]*';
      else if (ch === '?') source += '[^/]';
      else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    if (!last) source += '/';
  });
  return new RegExp(`^${source}$`);
}

/**
 * True when `arg` contains a glob wildcard (`*` or `?`).
 * @internal
 */
export function isGlob(arg: string): boolean {
  return /[*?]/.test(arg);
}
