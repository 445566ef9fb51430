import type { CamMethodName } from '../methods/cam.js';

/**
 * The built-in method names `explain --method` accepts, in the order of `camMethodNames`. The CLI
 * keeps its own copy so that it can check its arguments without loading tfjs (`camMethodNames`
 * lives next to the methods); the compiler checks that every {@link CamMethodName} is listed and a
 * test checks the order.
 * @internal
 */
export const cliMethodNames = [
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

// Compile-time completeness: fails to type-check when a method name is missing above.
const complete: [Exclude<CamMethodName, (typeof cliMethodNames)[number]>] extends [never] ? true : never = true;
void complete;
