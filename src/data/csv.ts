// CSV data files: a header row, one or more named target columns, every other column a numeric
// feature. csv-parse does the RFC 4180 parsing (quotes, CRLF, BOM); this file turns its records into a
// Dataset and reports every bad cell with its line, row and column. It works on bytes in memory, in any
// JavaScript engine (a page's uploaded file, too); node/read-csv.ts reads them from a file.
// csv-parse's Node build uses Node's Buffer; the package.json import map gives bundlers its browser build.
import { CsvError, parse } from '#csv-parse-sync';
import { ConfigError, DataError } from '../errors.js';
import type { Dataset } from './dataset.js';

/** Options of readCsv. */
export interface ReadCsvOptions {
  /** The target column, or several for a multi-output regression (y becomes n x k). */
  readonly label: string | readonly string[];
  /** Number of classes: when given, targets must be whole numbers in [0, classes). */
  readonly classes?: number;
  /** Field delimiter, default ','. */
  readonly delimiter?: string;
}

interface Row {
  readonly record: string[];
  readonly lines: number;
}

// A plain decimal number: no hex, no empty string, no 'Infinity' (Number() accepts all three).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FLOAT32_MAX = 3.4028234663852886e38;

function parseRows(text: string, file: string, delimiter: string): Row[] {
  let out: unknown;
  try {
    out = parse(text, {
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    });
  } catch (err) {
    if (err instanceof CsvError) {
      const lines = typeof err['lines'] === 'number' ? `line ${err['lines']}` : undefined;
      throw new DataError(`not valid CSV: ${err.message}`, {
        file,
        ...(lines !== undefined ? { location: lines } : {}),
      });
    }
    throw err;
  }
  // With `info: true` csv-parse returns { record, info } per row; its typings do not model that option.
  return (out as { record: string[]; info: { lines: number } }[]).map((r) => ({
    record: r.record,
    lines: r.info.lines,
  }));
}

function checkHeader(
  header: readonly string[],
  labels: readonly string[],
  file: string,
  delimiter: string,
): void {
  if (header.length < 2) {
    const seen = [',', ';', '\t', '|'].filter(
      (c) => c !== delimiter && (header[0] ?? '').includes(c),
    );
    const hint =
      seen.length > 0
        ? `; the header contains ${JSON.stringify(seen[0])}: set the delimiter to it`
        : '';
    throw new DataError(
      `the header has one column (${JSON.stringify(header[0] ?? '')}) but a dataset needs a target and at least ` +
        `one feature: the delimiter looks wrong (expected ${JSON.stringify(delimiter)} between columns${hint})`,
      { file, location: 'line 1' },
    );
  }
  for (const name of labels) {
    if (!header.includes(name)) {
      throw new DataError(
        `no column named ${JSON.stringify(name)}; the columns found are: ${header.join(', ')}`,
        {
          file,
          location: 'line 1',
        },
      );
    }
  }
  if (header.length === labels.length) {
    throw new DataError('every column is a target: no feature columns left', {
      file,
      location: 'line 1',
    });
  }
}

function parseCell(cell: string, where: () => { file: string; location: string }): number {
  if (NUMBER.test(cell)) {
    const v = Number(cell);
    // Features are stored as float32: a value beyond its range would silently become Infinity.
    if (Math.abs(v) <= FLOAT32_MAX) return v;
    throw new DataError(`${cell} is beyond the float32 range (about 3.4e38)`, where());
  }
  const lower = cell.toLowerCase();
  const why =
    cell === ''
      ? 'an empty cell (missing value)'
      : lower === 'nan'
        ? 'NaN (missing value?)'
        : /^[+-]?(inf|infinity)$/.test(lower)
          ? `${cell} (infinite values are not allowed)`
          : `${JSON.stringify(cell)} is not a number`;
  throw new DataError(why, where());
}

/** The longest CSV text (decompressed): V8's string limit. */
const MAX_CSV_BYTES = 2 ** 29 - 24;

/**
 * Checks readCsv's and parseCsv's options before any byte is read.
 * @throws ConfigError for no target column or a bad class count.
 */
export function checkCsvOptions(options: ReadCsvOptions, caller: string): void {
  const labels = typeof options.label === 'string' ? [options.label] : [...options.label];
  const { classes } = options;
  if (labels.length === 0)
    throw new ConfigError('label', `${caller}: name at least one target column`);
  if (classes !== undefined && !(Number.isInteger(classes) && classes >= 1)) {
    throw new ConfigError('classes', `${caller}: classes must be an integer >= 1, got ${classes}`);
  }
}

/**
 * Parses CSV bytes (UTF-8, a header row) into a Dataset: the `label` column(s) become the targets y,
 * every other column a feature, in file order. The same checks and messages as readCsv, which calls it.
 * @param bytes the file's contents.
 * @param file the name messages give the data (a path, or an uploaded file's name).
 * @param options target column(s), number of classes, delimiter.
 * @throws DataError naming the file, line, row and column for an empty file, a wrong delimiter, a missing
 *   label column (listing the columns found), ragged rows, non-numeric, NaN or infinite cells and labels
 *   out of range.
 * @example
 * const ds = parseCsv(new TextEncoder().encode('x,y\n1,0\n2,1\n'), 'tiny.csv', { label: 'y', classes: 2 });
 * [ds.n, ds.d]; //=> [2, 1]
 */
export function parseCsv(bytes: Uint8Array, file: string, options: ReadCsvOptions): Dataset {
  const path = file;
  checkCsvOptions(options, 'parseCsv');
  const labels = typeof options.label === 'string' ? [options.label] : [...options.label];
  const delimiter = options.delimiter ?? ',';
  const { classes } = options;
  // The reader parses one string, and V8 holds at most 2^29 - 24 characters in one.
  if (bytes.length > MAX_CSV_BYTES) {
    throw new DataError(
      `the CSV is ${bytes.length} bytes, more than the ${MAX_CSV_BYTES} (512 MiB) one CSV file can hold here; ` +
        'split it into several files, or convert it to IDX (read without that limit)',
      { file: path },
    );
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '')
    throw new DataError('the file is empty (no header row)', { file: path, location: 'line 1' });
  const rows = parseRows(text, path, delimiter);
  const header = rows[0]!.record;
  checkHeader(header, labels, path, delimiter);
  if (rows.length < 2)
    throw new DataError('a header row but no data rows', { file: path, location: 'line 1' });
  const labelCols = labels.map((name) => header.indexOf(name));
  const featureCols = header.map((_, j) => j).filter((j) => !labelCols.includes(j));
  const n = rows.length - 1;
  const d = featureCols.length;
  const x = new Float32Array(n * d);
  const y = new Float32Array(n * labels.length);
  for (let i = 0; i < n; i++) {
    const { record, lines } = rows[i + 1]!;
    const where = (j?: number) => ({
      file: path,
      location: `line ${lines} (row ${i + 1})${j === undefined ? '' : `, column ${JSON.stringify(header[j])}`}`,
    });
    if (record.length !== header.length) {
      throw new DataError(`${record.length} fields, but the header has ${header.length}`, where());
    }
    featureCols.forEach((j, c) => (x[i * d + c] = parseCell(record[j]!, () => where(j))));
    labelCols.forEach((j, c) => {
      const v = parseCell(record[j]!, () => where(j));
      if (classes !== undefined && !(Number.isInteger(v) && v >= 0 && v < classes)) {
        const why = `label ${v} is out of range: expected a whole number in [0, ${classes})`;
        throw new DataError(why, where(j));
      }
      y[i * labels.length + c] = v;
    });
  }
  return {
    x,
    n,
    d,
    y,
    yDim: labels.length,
    source: path,
    ...(classes !== undefined ? { classes } : {}),
  };
}
