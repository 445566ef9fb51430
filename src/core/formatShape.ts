/** A shape for error messages: `[?,7,7,512]` (unknown dimensions as `?`), or `[unknown]`. */
export function formatShape(shape: ReadonlyArray<number | null> | null | undefined): string {
  return shape == null ? '[unknown]' : `[${shape.map((d) => d ?? '?').join(',')}]`;
}
