// The inputs of `descent predict`: a CSV file (header row, label column optional) or an IDX images
// file (labels file optional), told apart by their bytes. Labelled inputs reuse the dataset readers;
// this file adds only what they lack, reading features without targets.
import { parse } from 'csv-parse/sync';
import { readCsv } from '../../data/node/read-csv.js';
import type { Dataset } from '../../data/dataset.js';
import { idxLocation, parseIdx } from '../../data/idx.js';
import { readIdx } from '../../data/node/read-idx.js';
import { readDataFile } from '../../data/node/read-data-file.js';
import { ConfigError, DataError } from '../../errors.js';
import type { PredictInput } from '../predict.js';

export type { PredictInput } from '../predict.js';

/** How to read a prediction input. */
export interface PredictInputOptions {
  /** CSV: the label column. Default: a column named `label` when there is one, else none. */
  readonly label?: string;
  /** IDX: a labels file for the images file. */
  readonly labels?: string;
  /** IDX: divide pixel values by 255 (as a `scale: true` Fashion-MNIST source did in training). */
  readonly scale?: boolean;
  /** CSV: the model's class names: a label column of names maps each to its index here. */
  readonly classNames?: readonly string[];
}

/** True for an IDX file: its magic number starts with two zero bytes, which no CSV text does. */
function looksLikeIdx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0;
}

/** The header row of a CSV text, trimmed as readCsv trims it. */
function csvHeader(text: string, file: string): string[] {
  try {
    const rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, to_line: 1 }) as string[][];
    return rows[0] ?? [];
  } catch (err) {
    throw new DataError(`not valid CSV: ${err instanceof Error ? err.message : String(err)}`, { file, location: 'line 1' });
  }
}

const warningsOf = (ds: Dataset) => (ds.warnings === undefined ? {} : { warnings: ds.warnings });
const withoutTargets = (ds: Dataset, format: 'csv' | 'idx'): PredictInput => ({ format, x: ds.x, n: ds.n, d: ds.d, y: null, yDim: 0, ...warningsOf(ds) });

/** A CSV without targets: readCsv needs a target column, so read the first column as one and put it back. */
function readFeatureCsv(file: string, header: readonly string[]): PredictInput {
  if (header.length < 2) {
    throw new DataError('predict reads CSV files with at least two columns', { file, location: 'line 1' });
  }
  const ds = readCsv(file, { label: header[0]! });
  const d = ds.d + 1;
  const x = new Float32Array(ds.n * d);
  for (let i = 0; i < ds.n; i++) {
    x[i * d] = ds.y[i]!;
    x.set(ds.x.subarray(i * ds.d, (i + 1) * ds.d), i * d + 1);
  }
  return withoutTargets({ ...ds, x, d }, 'csv');
}

function readPredictCsv(file: string, bytes: Uint8Array, options: PredictInputOptions): PredictInput {
  if (options.labels !== undefined) {
    throw new ConfigError('labels', `a labels file goes with IDX images; ${file} is CSV (name its label column with label)`);
  }
  const header = csvHeader(new TextDecoder().decode(bytes), file);
  const label = options.label ?? (header.includes('label') ? 'label' : undefined);
  if (label === undefined) return readFeatureCsv(file, header);
  const ds = readCsv(file, { label, ...(options.classNames === undefined ? {} : { classes: options.classNames }) });
  return { format: 'csv', x: ds.x, n: ds.n, d: ds.d, y: ds.y, yDim: ds.yDim, targetSource: `column ${JSON.stringify(label)}`, ...warningsOf(ds) };
}

function readPredictIdx(file: string, bytes: Uint8Array, gzip: boolean, options: PredictInputOptions): PredictInput {
  if (options.label !== undefined) {
    throw new ConfigError('label', `a label column goes with CSV input; ${file} is IDX (pass its labels file instead)`);
  }
  const scale = options.scale === true;
  if (options.labels !== undefined) {
    const ds = readIdx({ images: file, labels: options.labels }, { scale });
    return { format: 'idx', x: ds.x, n: ds.n, d: ds.d, y: ds.y, yDim: 1, targetSource: options.labels };
  }
  const idx = parseIdx(bytes, file, gzip);
  const [n = 0, ...rest] = idx.dims;
  if (idx.dims.length < 2 || n === 0) {
    throw new DataError(`expected images of shape n x features (n >= 1), got ${idx.dims.join(' x ')}`, {
      file, location: idxLocation(gzip, 0),
    });
  }
  const factor = scale ? 1 / 255 : 1;
  const x = new Float32Array(idx.values.length);
  for (let i = 0; i < x.length; i++) {
    const v = idx.values[i]!;
    if (!Number.isFinite(v)) {
      throw new DataError(`value ${v} at index ${i}: features must be finite numbers`, {
        file, location: idxLocation(gzip, idx.dataOffset + i * idx.bytesPerValue),
      });
    }
    x[i] = v * factor;
  }
  return { format: 'idx', x, n, d: rest.reduce((a, b) => a * b, 1), y: null, yDim: 0 };
}

/**
 * Reads the rows to predict from a CSV or IDX file (plain or gzip), with targets when present.
 * @param file a CSV file with a header row, or an IDX images file.
 * @param options the CSV label column, the IDX labels file, IDX scaling.
 * @throws DataError naming the file, line/offset and column of bad content; ConfigError for an
 *   option that does not fit the file's format.
 * @example
 * const input = readPredictInput('test.csv', { label: 'species' });
 * [input.n, input.d]; //=> [30, 4]
 */
export function readPredictInput(file: string, options: PredictInputOptions = {}): PredictInput {
  const { bytes, gzip } = readDataFile(file);
  return looksLikeIdx(bytes) ? readPredictIdx(file, bytes, gzip, options) : readPredictCsv(file, bytes, options);
}
