// Reading a data file's bytes: plain or gzip, told apart by the gzip magic bytes (1f 8b), never by
// the file name alone. Every failure is a DataError naming the file.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { DataError } from '../../errors.js';
import { inputBudget, overBudget } from '../read-budget.js';

/** Options of readDataFile. */
export interface ReadDataFileOptions {
  /** The most bytes to read, after decompression (default: the input budget, read-budget.ts). */
  readonly maxBytes?: number;
  /**
   * The whole file's length that its first decompressed bytes declare (an IDX header), or
   * undefined when they declare none; checked against the budget before decompressing the rest.
   */
  readonly declaredLength?: (head: Uint8Array) => number | undefined;
}

/**
 * The file's bytes, refusing what is not a regular file (a device such as /dev/zero, a FIFO, a
 * folder) and a file over `budget` bytes, before reading any of it. `what` follows "cannot read" in messages.
 * @throws DataError naming the file.
 */
export function readRegularFile(path: string, budget: number, what = ''): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new DataError(`cannot read${what}: ${describeOpenError(path, err)}`, { file: path });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new DataError(`cannot read${what}: is a folder, not a file`, { file: path });
    if (!stat.isFile()) {
      throw new DataError(`cannot read${what}: not a regular file (a device, pipe or socket); give a file on disk`, { file: path });
    }
    if (stat.size > budget) throw new DataError(overBudget('the file is', stat.size, budget), { file: path });
    return readFileSync(fd);
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(`cannot read${what}: ${describeOpenError(path, err)}`, { file: path });
  } finally {
    closeSync(fd);
  }
}

function describeOpenError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    // Node turns bytes of a file name that are not UTF-8 into U+FFFD before we see them.
    return path.includes('\uFFFD') ? 'no such file (its name holds bytes that are not valid UTF-8: rename the file)' : 'no such file';
  }
  if (code === 'EISDIR') return 'is a folder, not a file';
  return String(err);
}

/** The first bytes of a gzip's contents, from a prefix of it (a sync flush accepts a partial stream). */
function gunzipPrefix(raw: Uint8Array): Uint8Array {
  try {
    return gunzipSync(raw.subarray(0, Math.min(raw.length, 4096)), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 22 });
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * True when `bytes` starts with the gzip magic number 1f 8b.
 * @example
 * isGzip(new Uint8Array([0x1f, 0x8b, 8])); //=> true
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads a file and returns its bytes, gunzipped when the file starts with the gzip magic 1f 8b.
 * @param path the file to read.
 * @returns the (decompressed) contents, and whether the file was gzip.
 * @throws DataError when the file is missing or unreadable, is empty, is named `.gz` without being
 *   gzip, or is a damaged gzip.
 * @example
 * readDataFile('data/digits.idx.gz'); //=> { bytes: Uint8Array(116817), gzip: true }
 */
export function readDataFile(path: string, options: ReadDataFileOptions = {}): { bytes: Uint8Array; gzip: boolean } {
  const budget = options.maxBytes ?? inputBudget();
  const raw = readRegularFile(path, budget);
  if (raw.length === 0)
    throw new DataError('the file is empty', { file: path, location: 'offset 0' });
  if (!isGzip(raw)) {
    if (path.endsWith('.gz')) {
      const head = Array.from(raw.subarray(0, 2), (b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new DataError(
        `named .gz but not gzip: starts with bytes ${head}, expected the gzip magic 1f 8b`,
        { file: path, location: 'offset 0' },
      );
    }
    return { bytes: new Uint8Array(raw.buffer, raw.byteOffset, raw.length), gzip: false };
  }
  // The declared size (an IDX header) bounds the decompression: a small file that inflates to
  // gigabytes is refused before it is inflated, not after it filled memory.
  const declared = options.declaredLength?.(gunzipPrefix(raw));
  if (declared !== undefined && declared > budget) {
    throw new DataError(overBudget('the header declares', declared, budget), { file: path, location: 'offset 0 of the decompressed file' });
  }
  const limit = declared === undefined ? budget : Math.min(budget, declared + 1);
  let out: Buffer;
  try {
    out = gunzipSync(raw, { chunkSize: Math.max(constants.Z_MIN_CHUNK, Math.min(outputChunkSize(raw), limit)), maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      const message = declared === undefined
        ? overBudget('decompressed, the file is more than', budget, budget)
        : `decompressed, the file is longer than the ${declared} bytes its header declares (trailing data)`;
      throw new DataError(message, { file: path, location: `offset ${limit} of the decompressed file` });
    }
    const offset = firstBadOffset(raw);
    throw new DataError(`damaged gzip (${(err as Error).message})`, {
      file: path,
      location: `offset ${offset} of the compressed file`,
    });
  }
  if (out.length === 0) {
    throw new DataError('the gzip holds an empty file', { file: path, location: 'offset 0' });
  }
  return { bytes: new Uint8Array(out.buffer, out.byteOffset, out.length), gzip: true };
}

/**
 * An output chunk big enough for the whole decompressed file, from the gzip trailer's ISIZE (the
 * uncompressed length mod 2^32, little-endian in the last 4 bytes): zlib then writes into one buffer,
 * where with the default 16 KiB chunks Node collects thousands of them and concatenates them into a
 * second copy (for Fashion-MNIST's training images, 47 MB held twice while loading). Bounded so a
 * damaged trailer cannot ask for a huge allocation; a wrong ISIZE only costs the concatenation again.
 */
function outputChunkSize(raw: Uint8Array): number {
  if (raw.length < 18) return constants.Z_DEFAULT_CHUNK; // shorter than a gzip header and trailer: zlib will say what is wrong
  const isize = new DataView(raw.buffer, raw.byteOffset, raw.length).getUint32(raw.length - 4, true);
  // Deflate can expand up to about 1032:1, but a damaged trailer must not make a small file ask for
  // gigabytes up front; data files compress far less than 64:1, and past the cap zlib just adds chunks.
  const cap = Math.min(64 * raw.length, 1 << 30);
  return Math.max(constants.Z_MIN_CHUNK, Math.min(isize + 1, cap));
}

/**
 * The length of the shortest prefix of a damaged gzip that zlib already rejects: where the damage was
 * detected (the file length for a truncated one). Bisection over prefixes decompressed with a sync
 * flush, which accepts any valid but incomplete prefix; runs only on the error path.
 */
function firstBadOffset(raw: Uint8Array): number {
  let ok = 0;
  let bad = raw.length;
  while (bad - ok > 1) {
    const mid = (ok + bad) >>> 1;
    try {
      gunzipSync(raw.subarray(0, mid), { finishFlush: constants.Z_SYNC_FLUSH });
      ok = mid;
    } catch {
      bad = mid;
    }
  }
  return bad;
}
