/**
 * The automatic caption of a panel: what was explained, its score, the method and the layer, e.g.
 * `star (class 3), score 7.123, grad-cam, layer base/base_relu5`. Without labels the class is written
 * `class 3`; a custom target (class −1) is written `custom target`. Scores are written with 4
 * significant digits.
 *
 * @param classIndex - the explained class, or −1 for a custom target.
 * @param score - the explained score.
 * @param method - the method's name.
 * @param layerName - the explained layer's path.
 * @param labels - class names by index, if known.
 * @internal
 */
export function panelCaption(classIndex: number, score: number, method: string, layerName: string, labels?: readonly string[]): string {
  const label = labels?.[classIndex];
  const what = classIndex < 0 ? 'custom target' : label !== undefined ? `${label} (class ${classIndex})` : `class ${classIndex}`;
  const value = Number.isFinite(score) ? String(Number(score.toPrecision(4))) : String(score);
  return `${what}, score ${value}, ${method}, layer ${layerName}`;
}
