// Class targets as integers: the one place that checks a dataset's targets are valid class indices.
import { ConfigError, DataError } from '../errors.js';
import type { Dataset } from './dataset.js';

/**
 * The targets of a classification dataset as an Int32Array of class indices, after checking that
 * each is a whole number in [0, classes).
 * @param ds the dataset (yDim must be 1).
 * @param classes the number of classes; default `ds.classes`; when neither is known only `>= 0` is checked.
 * @param where what the data is, for messages (e.g. 'validation set'); the file comes from `ds.source`.
 * @throws DataError naming the source and row (1-based, as the CSV reader counts) of the first bad target.
 * @example
 * classLabels({ x: new Float32Array(2), n: 2, d: 1, y: new Float32Array([1, 0]), yDim: 1, source: 'inline' }, 2);
 * //=> Int32Array [1, 0]
 */
export function classLabels(ds: Dataset, classes?: number, where = 'dataset'): Int32Array {
  const k = classes ?? ds.classes;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    throw new ConfigError('classes', `classLabels: classes must be an integer >= 1, got ${k}`);
  }
  if (ds.yDim !== 1) {
    throw new DataError(
      `${where}: targets have ${ds.yDim} columns per row, but classification needs one class index per row`,
      { file: ds.source },
    );
  }
  const out = new Int32Array(ds.n);
  for (let i = 0; i < ds.n; i++) {
    const v = ds.y[i]!;
    if (!Number.isInteger(v) || v < 0 || (k !== undefined && v >= k)) {
      const expected = k === undefined ? 'a whole number >= 0' : `a whole number in [0, ${k})`;
      throw new DataError(`${where}: target ${v} is not a class index (expected ${expected})`, {
        file: ds.source,
        location: `row ${i + 1}`,
      });
    }
    out[i] = v;
  }
  return out;
}
