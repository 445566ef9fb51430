/**
 * Stable machine-readable codes carried by every {@link CamError}. Each public function lists
 * the codes it throws in its `@throws`.
 * @example
 * ```ts
 * const isUserError = (code: CamErrorCode): boolean => code !== 'GRADIENTS_NOT_REGISTERED';
 * ```
 * @category Errors
 */
export type CamErrorCode =
  | 'INVALID_MODEL'
  | 'LAYER_NOT_FOUND'
  | 'NO_SPATIAL_LAYER'
  | 'LAYER_NOT_SPATIAL'
  | 'LAYER_SHARED'
  | 'LAYER_NOT_CONNECTED'
  | 'UNSUPPORTED_MODEL'
  | 'DISPOSED'
  | 'INVALID_INPUT'
  | 'INVALID_CLASS'
  | 'NON_FINITE_INPUT'
  | 'INVALID_TARGET'
  | 'INVALID_OPTION'
  | 'INVALID_COLORMAP'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'FILE_UNWRITABLE'
  | 'IMAGE_TOO_LARGE'
  | 'UNSUPPORTED_FORMAT'
  | 'UNSAFE_PATH'
  | 'INVALID_MODEL_FILE'
  | 'WRONG_RUNTIME'
  | 'GRADIENTS_NOT_REGISTERED';

/**
 * The one error type thrown by tfjs-gradcam for bad input. The message says what was received,
 * what is allowed and, where it helps, what to do; `code` is stable and meant for programs.
 *
 * @example
 * ```ts
 * try { gradCam(model, x, { layerName: 'conv9' }); }
 * catch (e) { if (e instanceof CamError && e.code === 'LAYER_NOT_FOUND') console.log(e.message); }
 * ```
 * @category Errors
 */
export class CamError extends Error {
  /** Stable identifier of the failure. */
  readonly code: CamErrorCode;

  /**
   * An error with `name` `'CamError'`, a stable `code` and a message for people.
   * @param code - the stable {@link CamErrorCode}.
   * @param message - `fnName(): what was wrong, what was received, what is allowed, what to do`.
   */
  constructor(code: CamErrorCode, message: string) {
    super(message);
    this.name = 'CamError';
    this.code = code;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
