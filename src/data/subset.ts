// A new dataset made of some rows of another.
import type { Dataset } from './dataset.js';
import { takeRows } from './take-rows.js';

/**
 * The rows `indices` of `ds` as a new Dataset (copied), keeping its classes, image shape and source.
 * @param ds the dataset.
 * @param indices row numbers in [0, ds.n).
 * @throws IndexError for an index outside [0, n).
 * @example
 * const ds = { x: new Float32Array([0, 1, 2, 3]), n: 2, d: 2, y: new Float32Array([5, 6]), yDim: 1, source: 's' };
 * subset(ds, new Int32Array([1])).x; //=> Float32Array [2, 3]
 */
export function subset(ds: Dataset, indices: Int32Array): Dataset {
  const { x, y, rows } = takeRows(ds, indices);
  return { ...ds, x, y, n: rows };
}
