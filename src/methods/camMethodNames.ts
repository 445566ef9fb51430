/**
 * The built-in method names: one list for the library (`cam`, `getCamMethod`) and the command line,
 * which checks `--method` before it loads tfjs, so this file imports nothing.
 */

/**
 * Names of the built-in methods accepted by {@link cam} and {@link getCamMethod}.
 * @example
 * ```ts
 * const method: CamMethodName = 'grad-cam++';
 * const r = cam(model, image, { method });
 * r.dispose();
 * ```
 * @category Methods
 */
export type CamMethodName =
  | 'grad-cam'
  | 'hires-cam'
  | 'grad-cam-elementwise'
  | 'xgrad-cam'
  | 'layer-cam'
  | 'grad-cam++'
  | 'score-cam'
  | 'ablation-cam'
  | 'eigen-cam'
  | 'eigen-grad-cam';

/** The list, checked against {@link CamMethodName} below. */
const NAMES = [
  'grad-cam',
  'hires-cam',
  'grad-cam-elementwise',
  'xgrad-cam',
  'layer-cam',
  'grad-cam++',
  'score-cam',
  'ablation-cam',
  'eigen-cam',
  'eigen-grad-cam',
] as const satisfies readonly CamMethodName[];

// Compile-time completeness: fails to type-check when a method name is missing from the list.
const complete: [Exclude<CamMethodName, (typeof NAMES)[number]>] extends [never] ? true : never = true;
void complete;

/**
 * The built-in method names, in the order of docs/guides/methods.md (a frozen array).
 * @example
 * ```ts
 * console.log(camMethodNames.includes('score-cam')); // true
 * ```
 * @category Methods
 */
export const camMethodNames: readonly CamMethodName[] = Object.freeze([...NAMES]);
