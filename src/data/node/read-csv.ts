// Reading a CSV data file from disk (plain or gzip, within the input budget) and parsing it with the
// engine-independent parser in ../csv.ts.
import { checkCsvOptions, parseCsv, type ReadCsvOptions } from '../csv.js';
import type { Dataset } from '../dataset.js';
import { readDataFile } from './read-data-file.js';

/**
 * Reads a CSV file (plain or gzip) with a header row into a Dataset: the `label` column(s) become the
 * targets y, every other column a feature, in file order.
 * @param path the CSV file.
 * @param options target column(s), number of classes or the class names, delimiter. A label column of
 *   names comes back as class indices with `classNames` (sorted, or in the order of `classes`).
 * @throws ConfigError for bad options, before the file is read.
 * @throws DataError naming the file, line, row and column for an empty file, a wrong delimiter, a missing
 *   label column (listing the columns found), ragged rows, non-numeric, NaN or infinite cells and labels
 *   out of range.
 * @example
 * // iris.csv: sepal_length,sepal_width,petal_length,petal_width,species
 * const ds = readCsv('iris.csv', { label: 'species', classes: 3 });
 * [ds.n, ds.d, ds.yDim]; //=> [150, 4, 1]
 */
export function readCsv(path: string, options: ReadCsvOptions): Dataset {
  checkCsvOptions(options, 'readCsv');
  return parseCsv(readDataFile(path).bytes, path, options);
}
