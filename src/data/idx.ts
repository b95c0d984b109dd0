// The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS"):
// a 4-byte magic (0, 0, type code, number of dimensions), each dimension as a big-endian uint32, then
// the values, big-endian, row-major. parseIdx reads any IDX file; readIdx pairs an images file with a
// labels file into a Dataset.
import { ConfigError, DataError } from '../errors.js';
import type { Dataset } from './dataset.js';

/** The IDX element types: type code -> [name, bytes per value]. */
const IDX_TYPES: ReadonlyMap<number, readonly [string, number]> = new Map([
  [0x08, ['unsigned byte', 1]],
  [0x09, ['signed byte', 1]],
  [0x0b, ['int16', 2]],
  [0x0c, ['int32', 4]],
  [0x0d, ['float32', 4]],
  [0x0e, ['float64', 8]],
]);

/**
 * The whole length in bytes (header and values) that an IDX header declares, from the file's first
 * bytes; undefined when they are not an IDX header (parseIdx then says what is wrong).
 * @example idxDeclaredLength(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 5])); //=> 13
 */
export function idxDeclaredLength(head: Uint8Array): number | undefined {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) return undefined;
  const size = IDX_TYPES.get(head[2]!)?.[1];
  const ndim = head[3]!;
  if (size === undefined || head.length < 4 + 4 * ndim) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  let count = 1;
  for (let i = 0; i < ndim; i++) count *= view.getUint32(4 + 4 * i, false);
  return 4 + 4 * ndim + count * size;
}

/** One parsed IDX file: its dimensions, element type code and values in file order. */
export interface IdxArray {
  readonly dims: readonly number[];
  /** The IDX type code: 0x08 ubyte, 0x09 sbyte, 0x0b int16, 0x0c int32, 0x0d float32, 0x0e float64. */
  readonly typeCode: number;
  readonly values: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
  /** Byte offset of the first value in the (decompressed) file, for error locations. */
  readonly dataOffset: number;
  readonly bytesPerValue: number;
  /** True when the bytes came out of a gzip: offsets then count in the decompressed data. */
  readonly gzip: boolean;
}

/**
 * An error location for a byte offset of a parsed IDX file.
 * @example
 * idxLocation(true, 16); //=> 'offset 16 (after decompression)'
 */
export function idxLocation(gzip: boolean, offset: number): string {
  return gzip ? `offset ${offset} (after decompression)` : `offset ${offset}`;
}

const hex = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/**
 * Parses the bytes of one IDX file.
 * @param bytes the whole (decompressed) file.
 * @param file the file name, for error messages.
 * @param gzip whether the bytes were decompressed (error offsets say so).
 * @throws DataError for a wrong magic number, an unknown type, a truncated file or trailing bytes.
 * @example
 * parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), 'l.idx').values; //=> Uint8Array [7, 9]
 */
export function parseIdx(bytes: Uint8Array, file: string, gzip = false): IdxArray {
  if (bytes.length < 4) {
    throw new DataError(`too short for an IDX header: ${bytes.length} bytes`, {
      file,
      location: idxLocation(gzip, 0),
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const magic = view.getUint32(0, false);
  const typeCode = bytes[2]!;
  const ndim = bytes[3]!;
  const type = IDX_TYPES.get(typeCode);
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined || ndim === 0) {
    throw new DataError(
      `wrong magic number ${hex(magic)}: not an IDX file (expected 0x000008NN, e.g. 0x00000803 for ` +
        'images or 0x00000801 for labels)',
      { file, location: idxLocation(gzip, 0) },
    );
  }
  const dataOffset = 4 + 4 * ndim;
  if (bytes.length < dataOffset) {
    throw new DataError(
      `truncated header: ${ndim} dimensions need ${dataOffset} bytes, the file has ${bytes.length}`,
      {
        file,
        location: idxLocation(gzip, bytes.length),
      },
    );
  }
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const [typeName, size] = type;
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = dataOffset + count * size;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated' : 'trailing bytes';
    throw new DataError(
      `${what}: the header promises ${dims.join(' x ')} ${typeName} values (${expected} bytes with the ` +
        `header), the file has ${bytes.length} bytes`,
      { file, location: idxLocation(gzip, Math.min(bytes.length, expected)) },
    );
  }
  return {
    dims,
    typeCode,
    values: decode(view, dataOffset, count, typeCode),
    dataOffset,
    bytesPerValue: size,
    gzip,
  };
}

function decode(
  view: DataView,
  offset: number,
  count: number,
  typeCode: number,
): IdxArray['values'] {
  if (typeCode === 0x08) return new Uint8Array(view.buffer, view.byteOffset + offset, count);
  if (typeCode === 0x09) return new Int8Array(view.buffer, view.byteOffset + offset, count);
  // Multi-byte values are big-endian in IDX: read each through the DataView.
  const out =
    typeCode === 0x0b
      ? new Int16Array(count)
      : typeCode === 0x0c
        ? new Int32Array(count)
        : typeCode === 0x0d
          ? new Float32Array(count)
          : new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = offset + i * out.BYTES_PER_ELEMENT;
    out[i] =
      typeCode === 0x0b
        ? view.getInt16(at, false)
        : typeCode === 0x0c
          ? view.getInt32(at, false)
          : typeCode === 0x0d
            ? view.getFloat32(at, false)
            : view.getFloat64(at, false);
  }
  return out;
}

/** Options of readIdx. */
export interface ReadIdxOptions {
  /** Number of classes; labels must lie in [0, classes). Default: the largest label + 1. */
  readonly classes?: number;
  /** Divide pixel values by 255, mapping bytes 0..255 to [0, 1]. Default false (raw values). */
  readonly scale?: boolean;
  /** Name for `Dataset.source`; default the images path. */
  readonly source?: string;
}

/**
 * Checks readIdx's options before any byte is read.
 * @throws ConfigError for a bad class count.
 */
export function checkIdxOptions(options: ReadIdxOptions, caller: string): void {
  if (
    options.classes !== undefined &&
    !(Number.isInteger(options.classes) && options.classes >= 1)
  ) {
    throw new ConfigError(
      'classes',
      `${caller}: classes must be an integer >= 1, got ${options.classes}`,
    );
  }
}

/**
 * Builds a Dataset from a parsed IDX images array (n x ...) and labels array (n class indices), with
 * the checks and messages of readIdx. Three-dimensional images (n x h x w) set `imageShape` to [h, w]
 * and `shape` to [1, h, w] (one channel).
 * @param files the names messages give the two arrays.
 * @throws DataError naming the file and byte offset for mismatched counts, bad values and labels.
 * @example
 * const ds = idxDataset(parseIdx(imageBytes, 'images.idx'), parseIdx(labelBytes, 'labels.idx'),
 *   { images: 'images.idx', labels: 'labels.idx' });
 */
export function idxDataset(
  images: IdxArray,
  labels: IdxArray,
  files: { images: string; labels: string },
  options: ReadIdxOptions = {},
): Dataset {
  checkIdxOptions(options, 'idxDataset');
  checkPair(images, labels, files);
  const n = images.dims[0]!;
  const d = images.dims.slice(1).reduce((a, b) => a * b, 1);
  const x = imagesToFloat(images, files.images, options.scale === true);
  const { y, classes } = labelsToFloat(labels, files.labels, options.classes);
  const [, h, w] = images.dims;
  return {
    x,
    n,
    d,
    y,
    yDim: 1,
    classes,
    source: options.source ?? files.images,
    ...(images.dims.length === 3 ? { imageShape: [h!, w!] as const, shape: [1, h!, w!] } : {}),
  };
}

function checkPair(
  images: IdxArray,
  labels: IdxArray,
  files: { images: string; labels: string },
): void {
  if (images.dims.length < 2) {
    throw new DataError(
      `expected images with at least 2 dimensions (n x features), got ${images.dims.length}`,
      { file: files.images, location: idxLocation(images.gzip, 3) },
    );
  }
  if (labels.dims.length !== 1) {
    throw new DataError(`expected labels with 1 dimension (n), got ${labels.dims.join(' x ')}`, {
      file: files.labels,
      location: idxLocation(labels.gzip, 3),
    });
  }
  const n = images.dims[0]!;
  if (n === 0) {
    throw new DataError('the file holds no items (count 0)', {
      file: files.images,
      location: idxLocation(images.gzip, 4),
    });
  }
  if (labels.dims[0] !== n) {
    throw new DataError(
      `${labels.dims[0]} labels but ${n} images in ${files.images}: the two files must hold the same count`,
      { file: files.labels, location: idxLocation(labels.gzip, 4) },
    );
  }
}

function imagesToFloat(images: IdxArray, file: string, scale: boolean): Float32Array {
  const { values } = images;
  const x = new Float32Array(values.length);
  const factor = scale ? 1 / 255 : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new DataError(`value ${v} at index ${i}: features must be finite numbers`, {
        file,
        location: idxLocation(images.gzip, images.dataOffset + i * images.bytesPerValue),
      });
    }
    x[i] = v * factor;
  }
  return x;
}

function labelsToFloat(
  labels: IdxArray,
  file: string,
  classes: number | undefined,
): { y: Float32Array; classes: number } {
  const { values } = labels;
  const y = new Float32Array(values.length);
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || (classes !== undefined && v >= classes)) {
      const range =
        classes === undefined ? 'a whole number >= 0' : `a whole number in [0, ${classes})`;
      throw new DataError(`label ${v} of item ${i} is out of range: expected ${range}`, {
        file,
        location: idxLocation(labels.gzip, labels.dataOffset + i * labels.bytesPerValue),
      });
    }
    y[i] = v;
    if (v > max) max = v;
  }
  return { y, classes: classes ?? max + 1 };
}
