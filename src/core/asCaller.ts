import { CamError } from './errors.js';

/**
 * Runs `body` on behalf of the public function `fn` (e.g. `'scoreCam()'`): a CamError thrown by a
 * helper it calls, whose message starts with the helper's own `name(): `, is rethrown with the same
 * code and the prefix replaced by `fn`, so messages always name the function the user called.
 * Other errors pass unchanged.
 * @internal
 */
export function asCaller<T>(fn: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof CamError) throw new CamError(e.code, e.message.replace(/^[A-Za-z]\w*\(\): /, `${fn}: `));
    throw e;
  }
}
