// Reads and checks a safetensors file from untrusted bytes. Every number in the header is checked
// against the file before it is used: the header length against the file's size, each tensor's
// offsets against the data, its byte count against its dtype and shape, and the tensors against each
// other (the data is covered exactly, with no overlap or gap). Nothing is allocated from a size the
// file claims until that size has been checked.
import { DataError } from '../errors.js';
import { MAX_HEADER_BYTES } from './safetensors-format.js';

/** One tensor of a checked file. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: 'F32' | 'F64' | 'I64';
  readonly shape: readonly number[];
  /** Absolute byte offsets in the file: [begin, end). */
  readonly begin: number;
  readonly end: number;
}

/** A checked file: its tensors in header order and its metadata. */
export interface SafetensorsFile {
  readonly entries: readonly SafetensorsEntry[];
  readonly metadata: Readonly<Record<string, string>>;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The byte count of `shape` in `size`-byte elements, or Infinity when it exceeds `limit`. */
function byteCount(shape: readonly number[], size: number, limit: number): number {
  let n = size;
  for (const d of shape) {
    n *= d;
    if (n > limit) return Infinity;
  }
  return n;
}

/**
 * Parses the header of safetensors `bytes` and checks it against them. Only F32 and F64 tensors are
 * accepted, and I64 for a batch norm step counter (a name ending in `num_batches_tracked`).
 * @param where.file the file name to put in error messages.
 * @throws DataError naming the file, the tensor and the offset: a file shorter than 8 bytes, a header
 * length beyond the file, a header that is not UTF-8 JSON, a dtype other than F32/F64, offsets outside
 * the data, a byte count that does not fit the shape, overlapping tensors or bytes no tensor covers.
 * @example const { entries, metadata } = readSafetensors(bytes, { file: 'model.safetensors' });
 */
export function readSafetensors(bytes: Uint8Array, where: { file?: string } = {}): SafetensorsFile {
  const fail = (location: string, message: string): never => {
    throw new DataError(message, { ...(where.file === undefined ? {} : { file: where.file }), location });
  };
  if (bytes.length < 8) fail('offset 0', `not a safetensors file: ${bytes.length} bytes, fewer than the 8 of the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const claimed = view.getBigUint64(0, true);
  const available = bytes.length - 8;
  if (claimed > BigInt(available)) {
    fail('offset 0', `the header length says ${claimed} bytes but only ${available} follow it: the file is truncated or not a safetensors file`);
  }
  const headerLength = Number(claimed);
  if (headerLength > MAX_HEADER_BYTES) fail('offset 0', `the header length says ${headerLength} bytes, more than the limit of ${MAX_HEADER_BYTES}`);
  let root: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
    root = JSON.parse(text) as unknown;
  } catch (e) {
    fail('offset 8', `the header is not UTF-8 JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) fail('offset 8', 'the header is not a JSON object');
  const start = 8 + headerLength;
  const dataLength = bytes.length - start;
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('header.__metadata__', 'expected an object of strings');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`header.__metadata__.${k}`, `expected a string (the format allows only strings), got ${JSON.stringify(v)}`);
        metadata[k] = v as string;
      }
      continue;
    }
    entries.push(readEntry(name, value, start, dataLength, fail));
  }
  checkCoverage(entries, start, bytes.length, fail);
  return { entries, metadata };
}

type Fail = (location: string, message: string) => never;

function readEntry(name: string, value: unknown, start: number, dataLength: number, fail: Fail): SafetensorsEntry {
  const at = `tensor ${name}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(at, 'expected { dtype, shape, data_offsets }');
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(at, `data_offsets: expected [begin, end], two integers >= 0, got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    fail(
      `${at}, offset ${start + begin}`,
      `data_offsets [${begin}, ${end}] lie outside the data (${dataLength} bytes, from offset ${start} to the end of the file)`,
    );
  }
  const where = `${at}, offset ${start + begin}`;
  const counter = name.endsWith('num_batches_tracked');
  if (dtype !== 'F32' && dtype !== 'F64' && !(counter && dtype === 'I64')) {
    fail(where, `dtype ${JSON.stringify(dtype)} is not supported: descent reads F32 and F64 tensors only`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(where, `shape: expected a list of integers >= 0, got ${JSON.stringify(shape)}`);
  const dims = shape as number[];
  const size = dtype === 'F32' ? 4 : 8;
  const needed = byteCount(dims, size, dataLength);
  if (needed !== end - begin) {
    const what = needed === Infinity ? `more than the ${dataLength} bytes of data` : `${needed} bytes`;
    fail(where, `shape [${dims.join(', ')}] of ${String(dtype)} needs ${what}, but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  return { name, dtype: dtype as SafetensorsEntry['dtype'], shape: dims, begin: start + begin, end: start + end };
}

/** The tensors must cover the data exactly, in some order: no two overlap and no byte is left over. */
function checkCoverage(entries: readonly SafetensorsEntry[], start: number, fileEnd: number, fail: Fail): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = start;
  let previous: SafetensorsEntry | undefined;
  for (const e of sorted) {
    if (e.begin < position) fail(`tensor ${e.name}, offset ${e.begin}`, `its bytes overlap those of tensor ${previous!.name}`);
    if (e.begin > position) fail(`offset ${position}`, `${e.begin - position} bytes before tensor ${e.name} belong to no tensor`);
    position = e.end;
    previous = e;
  }
  if (position !== fileEnd) fail(`offset ${position}`, `${fileEnd - position} bytes after the last tensor belong to no tensor`);
}
