// Gathering rows of a dataset (a minibatch, a split) into contiguous arrays.
import { IndexError, ShapeError } from '../errors.js';
import type { Dataset } from './dataset.js';

/** The gathered rows: x is rows x d, y is rows x yDim, both row-major. */
export interface Rows {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly rows: number;
}

/**
 * Copies the rows `indices` of `ds` into contiguous feature and target arrays.
 * @param ds the dataset.
 * @param indices row numbers in [0, ds.n), in the order wanted.
 * @param out arrays to reuse (a training loop's steady state allocates nothing); each must hold at
 *   least indices.length rows; the result then views their first rows.
 * @throws IndexError for an index outside [0, n); ShapeError when `out` is too small.
 * @example
 * const ds = { x: new Float32Array([0, 1, 2, 3]), n: 2, d: 2, y: new Float32Array([5, 6]), yDim: 1, source: 's' };
 * takeRows(ds, new Int32Array([1])); //=> { x: Float32Array [2, 3], y: Float32Array [6], rows: 1 }
 */
export function takeRows(
  ds: Dataset,
  indices: Int32Array,
  out?: { x: Float32Array; y: Float32Array },
): Rows {
  const { d, yDim, n } = ds;
  const m = indices.length;
  if (out !== undefined && (out.x.length < m * d || out.y.length < m * yDim)) {
    throw new ShapeError(
      `takeRows: out holds ${out.x.length} features and ${out.y.length} targets, need ${m * d} and ${m * yDim}`,
    );
  }
  const x = out === undefined ? new Float32Array(m * d) : out.x.subarray(0, m * d);
  const y = out === undefined ? new Float32Array(m * yDim) : out.y.subarray(0, m * yDim);
  for (let r = 0; r < m; r++) {
    const i = indices[r]!;
    if (!(i >= 0 && i < n))
      throw new IndexError(`takeRows: index ${i} at position ${r} is outside [0, ${n})`);
    x.set(ds.x.subarray(i * d, i * d + d), r * d);
    for (let j = 0; j < yDim; j++) y[r * yDim + j] = ds.y[i * yDim + j]!;
  }
  return { x, y, rows: m };
}
