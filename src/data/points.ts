// Points written inline in a config: rows of features followed by the target, as a page that lets
// you place points by hand (or an uploaded CSV) stores them.
import { ConfigError } from '../errors.js';
import type { Dataset } from './dataset.js';

/**
 * A dataset from rows `[x1, ..., xd, target]`: every row as long as the first, at least 2 numbers.
 * The target is a class index for classification losses, a value for regression.
 * @param path the rows' field path, for messages.
 * @throws ConfigError naming the row whose length differs or that holds a non-finite number.
 * @example pointsDataset([[0, 1, 0], [1, 0, 1]], 'data.source.points').d; //=> 2
 */
export function pointsDataset(rows: readonly (readonly number[])[], path: string): Dataset {
  const width = rows[0]?.length ?? 0;
  if (rows.length === 0 || width < 2) throw new ConfigError(path, 'expected at least one row of [features..., target] with 2 or more numbers');
  const d = width - 1;
  const x = new Float32Array(rows.length * d);
  const y = new Float32Array(rows.length);
  rows.forEach((row, i) => {
    if (row.length !== width) throw new ConfigError(`${path}.${i}`, `expected ${width} numbers like row 0, got ${row.length}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new ConfigError(`${path}.${i}.${j}`, `expected a finite number, got ${String(v)}`);
      if (j < d) x[i * d + j] = v;
      else y[i] = v;
    });
  });
  return { x, n: rows.length, d, y, yDim: 1, source: 'points' };
}
