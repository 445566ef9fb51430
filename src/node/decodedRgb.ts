/**
 * A decoded image on the host: `data` holds `height * width * 3` RGB samples in 0..255, row-major.
 * @internal
 */
export interface DecodedRgb {
  width: number;
  height: number;
  data: Int32Array;
}
