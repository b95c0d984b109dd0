// The largest feature magnitude of a dataset: raw inputs far from unit scale (pixels 0..255) are
// the classic cause of a diverging or stalled network, and both the CLI and fit warn about them.
import type { Dataset } from './dataset.js';

/** max |x| over every feature of every row (0 for an empty dataset). @example maxAbsFeature(pixels); //=> 255 */
export function maxAbsFeature(ds: Dataset): number {
  let max = 0;
  const x = ds.x;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]!);
    if (v > max) max = v;
  }
  return max;
}
