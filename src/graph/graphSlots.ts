/** Names of node outputs ("slots") as tfjs-converter writes them: `node` (output 0) or `node:k`. */

/** `node` or `node:k` → [node, k] (tfjs-converter's parseNodeName; `node:name:k` keeps the last part). */
export function parseSlot(name: string): [string, number] {
  const parts = name.split(':');
  if (parts.length === 1) return [name, 0];
  return [parts[0]!, Number(parts[parts.length - 1])];
}

/** Canonical `node:k` key of a slot name. */
export function slotKey(name: string): string {
  const [node, index] = parseSlot(name);
  return `${node}:${index}`;
}

/** The name to feed or fetch a slot by: `node` for output 0, `node:k` otherwise. */
export function slotName(node: string, index: number): string {
  return index === 0 ? node : `${node}:${index}`;
}
