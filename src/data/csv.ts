// CSV data files: a header row, one or more named target columns, every other column a numeric
// feature. csv-parse does the RFC 4180 parsing (quotes, CRLF, BOM); this file turns its records into a
// Dataset and reports every bad cell with its line, row and column. It works on bytes in memory, in any
// JavaScript engine (a page's uploaded file, too); node/read-csv.ts reads them from a file.
// csv-parse's Node build uses Node's Buffer; the package.json import map gives bundlers its browser build.
import { CsvError, parse } from '#csv-parse-sync';
import { ConfigError, DataError } from '../errors.js';
import { sortedClassNames } from './class-names.js';
import type { Dataset } from './dataset.js';

/** Options of readCsv. */
export interface ReadCsvOptions {
  /** The target column, or several for a multi-output regression (y becomes n x k). */
  readonly label: string | readonly string[];
  /**
   * Number of classes: when given, targets must be whole numbers in [0, classes). Or the class names,
   * in class order: the label column then holds names, and a name not listed is an error. Without
   * it a label column of names is mapped in sorted order (see class-names.ts).
   */
  readonly classes?: number | readonly string[];
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

function parseRows(text: string, file: string, delimiter: string, linesBefore = 0): Row[] {
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
      const lines = typeof err['lines'] === 'number' ? `line ${err['lines'] + linesBefore}` : undefined;
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
    lines: r.info.lines + linesBefore,
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
      const data = numericHeaderCells(header).length > 0 ? `; ${LOOKS_LIKE_DATA}: the file needs a header row of column names` : '';
      throw new DataError(
        `no column named ${JSON.stringify(name)}; the columns found are: ${header.join(', ')}${data}`,
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

const LOOKS_LIKE_DATA = 'the first line looks like data, not column names';

/**
 * The header cells that are plain numbers, when they make the header look like a data row: the
 * first cell is one, or at least half are. A headerless file, or scikit-learn's count line
 * ("150,4,setosa,versicolor,virginica"), starts this way; column names rarely do.
 */
function numericHeaderCells(header: readonly string[]): string[] {
  const numbers = header.filter((cell) => NUMBER.test(cell));
  const first = header[0] ?? '';
  return NUMBER.test(first) || numbers.length * 2 >= header.length ? numbers : [];
}

/** The warning for a header that looks like data, or undefined for a header of names. */
function headerWarning(header: readonly string[], file: string): string | undefined {
  const numbers = numericHeaderCells(header);
  if (numbers.length === 0) return undefined;
  const shown = numbers.slice(0, 3).map((c) => JSON.stringify(c)).join(', ');
  return `${file}, line 1: ${LOOKS_LIKE_DATA} (${shown}${numbers.length > 3 ? ', ...' : ''} ${numbers.length === 1 ? 'is a number' : 'are numbers'}); ` +
    'it is read as the header, so its values name the columns and it is not a data row: add a header row of column names ' +
    "(scikit-learn's CSV files start with a count line instead: replace it)";
}

/** A label cell that the number parser should judge (a number, or a missing or non-finite one). */
function numberLike(cell: string): boolean {
  return NUMBER.test(cell) || cell === '' || /^[+-]?(nan|inf|infinity)$/i.test(cell);
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

/**
 * The most bytes parsed as one string. V8 holds at most 2^29 - 24 characters in a string, so a larger
 * file is parsed in pieces, each cut after a line break outside quotes (a record boundary).
 */
const PIECE_BYTES = 2 ** 26;

/** V8's longest string, in characters: a piece longer than this cannot be decoded. */
const MAX_STRING = 2 ** 29 - 24;

/** [start, end) byte ranges of whole records, each about PIECE_BYTES long, and the line breaks before each. */
export function recordPieces(bytes: Uint8Array, pieceBytes = PIECE_BYTES): { start: number; end: number; linesBefore: number }[] {
  const pieces: { start: number; end: number; linesBefore: number }[] = [];
  let start = 0;
  let linesBefore = 0;
  let lines = 0;
  let inQuotes = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    // A doubled quote inside a quoted field toggles twice: the state stays right.
    if (c === 0x22) inQuotes = !inQuotes;
    else if (c === 0x0a) {
      lines++;
      if (!inQuotes && i + 1 - start >= pieceBytes) {
        pieces.push({ start, end: i + 1, linesBefore });
        start = i + 1;
        linesBefore = lines;
      }
    }
  }
  if (start < bytes.length || pieces.length === 0) pieces.push({ start, end: bytes.length, linesBefore });
  return pieces;
}

/** Float32 storage that doubles as rows arrive (the row count of a file parsed in pieces is not known ahead). */
class GrowingFloats {
  data = new Float32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

type Where = () => { file: string; location: string };

/**
 * Reads a label column of class names. The first label decides what the column holds: a number makes
 * it class indices (read as before), a name makes it names. A column that mixes the two is an error
 * naming the first label of the other kind, since guessing would silently merge "1" into the names
 * or drop a class. Names are given provisional indices in order of appearance, and `finish` renumbers
 * them in sorted order once every name is known; names the caller listed map to their position.
 */
class LabelNames {
  private kind: 'number' | 'name' | undefined;
  private first: { row: number; cell: string } | undefined;
  private readonly seen = new Map<string, number>();
  private readonly given: ReadonlyMap<string, number> | undefined;

  constructor(private readonly listed: readonly string[] | undefined, private readonly allowed: boolean) {
    this.given = listed === undefined ? undefined : new Map(listed.map((name, i) => [name, i]));
    if (listed !== undefined) this.kind = 'name';
  }

  /** The (provisional) class of a name label, or undefined for a label the number parser reads. */
  indexOf(cell: string, row: number, where: Where): number | undefined {
    if (!this.allowed) return undefined;
    if (this.kind === undefined) {
      this.kind = numberLike(cell) ? 'number' : 'name';
      this.first = { row, cell };
    }
    if (this.kind === 'number') {
      if (numberLike(cell)) return undefined;
      throw new DataError(this.mixed(cell, 'a name', 'class indices'), where());
    }
    if (cell === '') throw new DataError('an empty cell (missing label)', where());
    if (this.given !== undefined) {
      const i = this.given.get(cell);
      if (i === undefined) {
        throw new DataError(`label ${JSON.stringify(cell)} is not one of the classes (${this.listed!.join(', ')})`, where());
      }
      return i;
    }
    if (NUMBER.test(cell)) throw new DataError(this.mixed(cell, 'a number', 'names'), where());
    let i = this.seen.get(cell);
    if (i === undefined) {
      i = this.seen.size;
      this.seen.set(cell, i);
    }
    return i;
  }

  private mixed(cell: string, kind: string, before: string): string {
    const first = this.first!;
    return `label ${JSON.stringify(cell)} is ${kind}, but the labels are ${before} (row ${first.row} has ${JSON.stringify(first.cell)}): ` +
      'give every label the same kind, or list the class names in classes';
  }

  /** The class names in class order (renumbering `y` from provisional to sorted), or undefined for numbers. */
  finish(y: Float32Array): string[] | undefined {
    if (this.kind !== 'name') return undefined;
    if (this.listed !== undefined) return [...this.listed];
    const names = sortedClassNames(this.seen.keys());
    const final = new Map(names.map((name, i) => [name, i]));
    const renumber = new Array<number>(this.seen.size);
    for (const [name, provisional] of this.seen) renumber[provisional] = final.get(name)!;
    for (let i = 0; i < y.length; i++) y[i] = renumber[y[i]!]!;
    return names;
  }
}

/**
 * Checks readCsv's and parseCsv's options before any byte is read.
 * @throws ConfigError for no target column or a bad class count.
 */
export function checkCsvOptions(options: ReadCsvOptions, caller: string): void {
  const labels = typeof options.label === 'string' ? [options.label] : [...options.label];
  const { classes } = options;
  if (labels.length === 0)
    throw new ConfigError('label', `${caller}: name at least one target column`);
  if (typeof classes === 'number' && !(Number.isInteger(classes) && classes >= 1)) {
    throw new ConfigError('classes', `${caller}: classes must be an integer >= 1, got ${classes}`);
  }
  if (classes !== undefined && typeof classes !== 'number') {
    if (labels.length !== 1) throw new ConfigError('classes', `${caller}: class names go with one label column, got ${labels.length}`);
    if (classes.length === 0) throw new ConfigError('classes', `${caller}: classes lists no names`);
    const seen = new Set<string>();
    classes.forEach((name, i) => {
      if (name === '') throw new ConfigError(`classes[${i}]`, `${caller}: an empty class name`);
      if (seen.has(name)) throw new ConfigError(`classes[${i}]`, `${caller}: ${JSON.stringify(name)} is listed twice`);
      seen.add(name);
    });
  }
}

/**
 * Parses CSV bytes (UTF-8, a header row) into a Dataset: the `label` column(s) become the targets y,
 * every other column a feature, in file order. The same checks and messages as readCsv, which calls it.
 * @param bytes the file's contents.
 * @param file the name messages give the data (a path, or an uploaded file's name).
 * @param options target column(s), number of classes or the class names, delimiter.
 * @returns the Dataset; `classNames` when the labels were names, `warnings` for a header row that
 *   looks like data.
 * @throws DataError naming the file, line, row and column for an empty file, a wrong delimiter, a missing
 *   label column (listing the columns found), ragged rows, non-numeric, NaN or infinite cells, labels
 *   out of range, a name not in the given classes, and a label column mixing names and numbers.
 * @example
 * const ds = parseCsv(new TextEncoder().encode('x,y\n1,0\n2,1\n'), 'tiny.csv', { label: 'y', classes: 2 });
 * [ds.n, ds.d]; //=> [2, 1]
 */
export function parseCsv(bytes: Uint8Array, file: string, options: ReadCsvOptions): Dataset {
  return parseCsvInPieces(bytes, file, options, { pieceBytes: PIECE_BYTES, maxPieceBytes: MAX_STRING });
}

/** parseCsv with the piece sizes given (tests cut small files into many pieces and lower the limit). */
export function parseCsvInPieces(bytes: Uint8Array, file: string, options: ReadCsvOptions,
  sizes: { readonly pieceBytes: number; readonly maxPieceBytes: number }): Dataset {
  const path = file;
  checkCsvOptions(options, 'parseCsv');
  const labels = typeof options.label === 'string' ? [options.label] : [...options.label];
  const delimiter = options.delimiter ?? ',';
  const { classes } = options;
  const count = typeof classes === 'number' ? classes : undefined;
  const labelNames = new LabelNames(typeof classes === 'object' ? classes : undefined, labels.length === 1);
  const warnings: string[] = [];
  const decoder = new TextDecoder();
  const pieces = recordPieces(bytes, sizes.pieceBytes);
  let header: string[] | undefined;
  let labelCols: number[] = [];
  let featureCols: number[] = [];
  const xs = new GrowingFloats();
  const ys = new GrowingFloats();
  let n = 0;
  for (const piece of pieces) {
    // A piece is cut only outside quotes: one this long holds a quoted field that never closes.
    if (piece.end - piece.start > sizes.maxPieceBytes) {
      throw new DataError(
        `a record starting here runs for more than ${sizes.maxPieceBytes} bytes without a line break outside quotes (the most one record may hold): is a quote left unclosed?`,
        { file: path, location: `line ${piece.linesBefore + 1}` },
      );
    }
    const text = decoder.decode(bytes.subarray(piece.start, piece.end));
    if (header === undefined && text.trim() === '')
      throw new DataError('the file is empty (no header row)', { file: path, location: 'line 1' });
    if (text.trim() === '') continue;
    const rows = parseRows(text, path, delimiter, piece.linesBefore);
    if (header === undefined) {
      header = rows.shift()!.record;
      checkHeader(header, labels, path, delimiter);
      const warning = headerWarning(header, path);
      if (warning !== undefined) warnings.push(warning);
      labelCols = labels.map((name) => header!.indexOf(name));
      featureCols = header.map((_, j) => j).filter((j) => !labelCols.includes(j));
    }
    const names = header;
    for (const { record, lines } of rows) {
      const row = n + 1;
      const where = (j?: number) => ({
        file: path,
        location: `line ${lines} (row ${row})${j === undefined ? '' : `, column ${JSON.stringify(names[j])}`}`,
      });
      if (record.length !== names.length) {
        throw new DataError(`${record.length} fields, but the header has ${names.length}`, where());
      }
      for (const j of featureCols) xs.push(parseCell(record[j]!, () => where(j)));
      for (const j of labelCols) {
        const named = labelNames.indexOf(record[j]!, row, () => where(j));
        if (named !== undefined) {
          ys.push(named);
          continue;
        }
        const v = parseCell(record[j]!, () => where(j));
        if (count !== undefined && !(Number.isInteger(v) && v >= 0 && v < count)) {
          const why = `label ${v} is out of range: expected a whole number in [0, ${count})`;
          throw new DataError(why, where(j));
        }
        ys.push(v);
      }
      n++;
    }
  }
  if (n === 0)
    throw new DataError('a header row but no data rows', { file: path, location: 'line 1' });
  const d = featureCols.length;
  const x = xs.done();
  const y = ys.done();
  const classNames = labelNames.finish(y);
  return {
    x,
    n,
    d,
    y,
    yDim: labels.length,
    source: path,
    ...(count !== undefined ? { classes: count } : {}),
    ...(classNames !== undefined ? { classes: classNames.length, classNames } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
