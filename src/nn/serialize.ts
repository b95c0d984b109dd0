// A trained model as one JSON text and back: architecture, dtype, input size, parameter and buffer
// values (base64 of little-endian floats), and opaque extras (preprocessing, class count and names), guarded
// by a CRC-32 so that any edit or truncation is refused. No files here: train/model-file.ts does I/O.
import type { DType } from '../backend/backend.js';
import { ConfigError, DataError, DescentError } from '../errors.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { allocBuf, Tensor } from '../tensor/tensor.js';
import { decodeBase64, encodeBase64 } from '../base64.js';
import { canonicalJson, type JsonObject, type JsonValue } from './canonical-json.js';
import { crc32 } from './checksum.js';
import { jsonErrorOffset } from './json-offset.js';
import { buildModel, type LayerConfig, normalizeLayers } from './from-config.js';
import type { Sequential } from './layers/sequential.js';
import { Module, type StateDict, type TensorValues } from './module.js';
import { modelRecordOf } from './model-record.js';
import { MAX_JSON_DEPTH, tooDeepAt } from './json-depth.js';

/** The `format` field of every model file. */
export const MODEL_FORMAT = 'descent-model';
/** The newest format version this code writes and reads. */
export const MODEL_FORMAT_VERSION = 1;

/** What serializeModel stores. */
export interface ModelRecord {
  /** The layer list (normalized before saving: every default written out). */
  readonly config: unknown;
  readonly inputSize: number;
  /**
   * The shape of one sample ([1, 28, 28]) for a model that starts with image layers; its product is
   * inputSize. Absent for flat models (and in files written before shapes existed).
   */
  readonly inputShape?: readonly number[];
  /** Dtype of the stored values and of the restored model (default 'float32'). */
  readonly dtype?: DType;
  /** `model.stateDict()`: parameters and buffers by dotted name. */
  readonly state: Readonly<Record<string, TensorValues>>;
  /** Anything else needed to use the model (preprocessing statistics, class count, `classNames`), as plain JSON. */
  readonly extras?: JsonObject;
}

/** A model read back: the rebuilt model (in eval mode) and everything stored with it. */
export interface LoadedModel {
  readonly model: Sequential;
  readonly config: LayerConfig[];
  readonly inputSize: number;
  /** The stored sample shape, for an image model; the model reads flat rows of inputSize as this shape. */
  readonly inputShape?: readonly number[];
  readonly dtype: DType;
  readonly state: StateDict;
  readonly extras: JsonObject;
}

interface TensorHeader {
  readonly name: string;
  readonly shape: readonly number[];
}

const bytesPer = (dtype: DType): number => (dtype === 'float64' ? 8 : 4);

/** Little-endian bytes of `values` stored as `dtype`, whatever the platform's byte order. */
function toBytes(values: ArrayLike<number>, dtype: DType): Uint8Array {
  const bytes = new Uint8Array(values.length * bytesPer(dtype));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'float64') view.setFloat64(i * 8, values[i]!, true);
    else view.setFloat32(i * 4, values[i]!, true);
  }
  return bytes;
}

function fromBytes(bytes: Uint8Array, dtype: DType): Float32Array | Float64Array {
  const n = bytes.length / bytesPer(dtype);
  const out = allocBuf(dtype, n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++)
    out[i] = dtype === 'float64' ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true);
  return out;
}

/** CRC-32 over the canonical header (everything but the values) followed by every tensor's bytes. */
function checksumOf(header: JsonObject, tensorBytes: readonly Uint8Array[]): string {
  let c = crc32(new TextEncoder().encode(canonicalJson(header)));
  for (const b of tensorBytes) c = crc32(b, c);
  return `crc32:${c.toString(16).padStart(8, '0')}`;
}

function headerOf(
  dtype: DType,
  inputSize: number,
  inputShape: readonly number[] | undefined,
  config: JsonValue,
  extras: JsonObject,
  tensors: readonly TensorHeader[],
): JsonObject {
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    dtype,
    inputSize,
    // Written only for image models, so a flat model's header (and checksum) is as before.
    ...(inputShape === undefined ? {} : { inputShape: [...inputShape] }),
    model: config,
    extras,
    tensors: tensors.map((t) => ({ name: t.name, shape: [...t.shape] })),
  };
}

/**
 * A model as JSON text (one object: format, version, dtype, inputSize, model, extras, tensors,
 * checksum). Values are stored exactly, so restoring gives bitwise-identical outputs.
 * `model` is a record, or the model itself, whose layers describe themselves (modelRecordOf), with
 * `extras` beside it.
 * @throws ConfigError for an invalid layer list, bad inputSize or dtype, or extras JSON cannot hold;
 * for a model, naming a layer that cannot describe itself.
 * @example
 * const text = serializeModel(sequential(linear(2, 100), relu(), linear(100, 3)), { classes: 3 });
 * const same = serializeModel({ config: layers, inputSize: 2, state: model.stateDict(), extras: { classes: 3 } });
 */
export function serializeModel(model: ModelRecord | Module, withExtras?: JsonObject): string {
  const record = model instanceof Module ? modelRecordOf(model, withExtras) : withExtras === undefined ? model : { ...model, extras: withExtras };
  const dtype = record.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64')
    throw new ConfigError('dtype', `expected 'float32' or 'float64', got ${String(dtype)}`);
  if (!Number.isInteger(record.inputSize) || record.inputSize < 1) {
    throw new ConfigError('inputSize', `expected an integer >= 1, got ${String(record.inputSize)}`);
  }
  const shapeIssue = record.inputShape === undefined ? null : inputShapeIssue(record.inputShape, record.inputSize);
  if (shapeIssue !== null) throw new ConfigError('inputShape', shapeIssue);
  const config = JSON.parse(canonicalJson(normalizeLayers(record.config), 'model')) as JsonValue;
  const extras = JSON.parse(canonicalJson(record.extras ?? {}, 'extras')) as JsonObject;
  const tensors: TensorHeader[] = [];
  const bytes: Uint8Array[] = [];
  for (const [name, t] of Object.entries(record.state)) {
    if (sizeOf(t.shape) !== t.data.length) {
      throw new ConfigError(
        `state.${name}`,
        `shape ${formatShape(t.shape)} needs ${sizeOf(t.shape)} values, got ${t.data.length}`,
      );
    }
    tensors.push({ name, shape: [...t.shape] });
    bytes.push(toBytes(t.data, dtype));
  }
  const header = headerOf(dtype, record.inputSize, record.inputShape, config, extras, tensors);
  const body = {
    ...header,
    tensors: tensors.map((t, i) => ({
      name: t.name,
      shape: t.shape,
      data: encodeBase64(bytes[i]!),
    })),
    checksum: checksumOf(header, bytes),
  };
  return `${JSON.stringify(body, null, 1)}\n`;
}

/** What is wrong with a stored sample shape, or null: a list of integers >= 1 whose product is inputSize. */
function inputShapeIssue(shape: unknown, inputSize: number): string | null {
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    return `expected a list of integers >= 1 such as [1, 28, 28], got ${JSON.stringify(shape)}`;
  }
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  return size === inputSize ? null : `shape [${(shape as number[]).join(', ')}] holds ${size} values, but inputSize is ${inputSize}`;
}

/** Parses JSON, reporting the offset of a syntax error (the end of the text for a truncated file). */
function parseJson(text: string, file: string | undefined): unknown {
  // Before JSON.parse and the recursive syntax-error scanner: hostile nesting must not reach either.
  const deep = tooDeepAt(text, MAX_JSON_DEPTH);
  if (deep >= 0) {
    throw new DataError(
      `not a model file: nested more than ${MAX_JSON_DEPTH} levels deep at offset ${deep}; a model file never needs that`,
      file === undefined ? {} : { file },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const offset = jsonErrorOffset(text);
    const at = offset === null ? '' : ` at offset ${offset}`;
    const truncated =
      offset !== null && offset >= text.length ? ' (the file ends early: truncated?)' : '';
    throw new DataError(
      `not a model file: bad JSON${at}${truncated}: ${detail}`,
      file === undefined ? {} : { file },
    );
  }
}

type Fail = (location: string, message: string) => never;

interface Fields {
  readonly dtype: DType;
  readonly inputSize: number;
  readonly inputShape?: readonly number[];
  readonly model: JsonValue[];
  readonly extras: JsonObject;
  readonly tensors: unknown[];
  readonly checksum: string;
}

/** The top-level fields, each checked for presence and type. */
function readFields(root: unknown, fail: Fail): Fields {
  if (root === null || typeof root !== 'object' || Array.isArray(root))
    return fail('top level', 'expected a JSON object');
  const o = root as Record<string, unknown>;
  if (o['format'] !== MODEL_FORMAT)
    return fail(
      'format',
      `not a descent model file (format is ${JSON.stringify(o['format'])}, expected "${MODEL_FORMAT}")`,
    );
  const { version, dtype, inputSize, inputShape, model, extras, tensors, checksum } = o;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return fail('version', `expected a format version >= 1, got ${JSON.stringify(version)}`);
  if (version > MODEL_FORMAT_VERSION)
    return fail(
      'version',
      `written by a newer descent (format version ${version}; this version reads up to ${MODEL_FORMAT_VERSION})`,
    );
  if (dtype !== 'float32' && dtype !== 'float64')
    return fail('dtype', `expected "float32" or "float64", got ${JSON.stringify(dtype)}`);
  if (typeof inputSize !== 'number' || !Number.isInteger(inputSize) || inputSize < 1)
    return fail('inputSize', `expected an integer >= 1, got ${JSON.stringify(inputSize)}`);
  const shapeIssue = inputShape === undefined ? null : inputShapeIssue(inputShape, inputSize);
  if (shapeIssue !== null) return fail('inputShape', shapeIssue);
  if (!Array.isArray(model)) return fail('model', 'missing field (expected the list of layers)');
  if (extras === null || typeof extras !== 'object' || Array.isArray(extras))
    return fail('extras', 'missing field (expected an object)');
  if (!Array.isArray(tensors)) return fail('tensors', 'missing field (expected a list of tensors)');
  if (typeof checksum !== 'string') return fail('checksum', 'missing field');
  return {
    dtype,
    inputSize,
    ...(inputShape === undefined ? {} : { inputShape: inputShape as number[] }),
    model: model as JsonValue[],
    extras: extras as JsonObject,
    tensors,
    checksum,
  };
}

/** Decodes every tensor entry, checking its name, shape and number of values. */
function readTensors(
  list: readonly unknown[],
  dtype: DType,
  fail: Fail,
): { headers: TensorHeader[]; bytes: Uint8Array[]; state: StateDict } {
  const headers: TensorHeader[] = [];
  const bytes: Uint8Array[] = [];
  const state: StateDict = {};
  list.forEach((entry, i) => {
    const { name, shape, data } = (entry ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name === '')
      return fail(`tensors.${i}.name`, 'expected a parameter name');
    if (state[name] !== undefined)
      return fail(`tensors.${i}.name`, `parameter ${name} appears twice`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
      return fail(
        `tensors.${i}.shape`,
        `parameter ${name}: expected a shape (a list of integers >= 0)`,
      );
    if (typeof data !== 'string')
      return fail(`tensors.${i}.data`, `parameter ${name}: expected base64 text`);
    const decoded = decodeBase64(data);
    if ('error' in decoded) return fail(`tensors.${i}.data`, `parameter ${name}: ${decoded.error}`);
    const dims = shape as number[];
    const count = decoded.bytes.length / bytesPer(dtype);
    if (count !== sizeOf(dims)) {
      const found = Number.isInteger(count) ? String(count) : count.toFixed(2);
      return fail(
        `tensors.${i}.data`,
        `parameter ${name} has ${found} values, expected ${sizeOf(dims)} (shape ${formatShape(dims)})`,
      );
    }
    headers.push({ name, shape: dims });
    bytes.push(decoded.bytes);
    state[name] = new Tensor(fromBytes(decoded.bytes, dtype), dims);
  });
  return { headers, bytes, state };
}

/**
 * Refuses a stored NaN or infinity: a model trained into divergence saves such values with a valid
 * checksum, and every output computed from them is NaN, which argmax reads as class 0 for every row.
 */
function checkFinite(headers: readonly TensorHeader[], state: StateDict, fail: Fail): void {
  headers.forEach(({ name, shape }, i) => {
    const data = state[name]!.data;
    for (let k = 0; k < data.length; k++) {
      const v = data[k]!;
      if (Number.isFinite(v)) continue;
      const at = shape.length > 1 ? ` (coordinate [${unravel(k, shape).join(', ')}])` : '';
      fail(
        `tensors.${i}.data`,
        `tensor ${name} holds ${v} at index ${k}${at}: the model's weights are not finite numbers ` +
          '(its training diverged); retrain it, e.g. with a lower learning rate',
      );
    }
  });
}

function unravel(k: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = k % shape[d]!;
    k = Math.floor(k / shape[d]!);
  }
  return out;
}

/**
 * Reads serializeModel's text back, checks it completely, and rebuilds the model (in eval mode).
 * @param where.file the file name to put in error messages.
 * @throws DataError naming what is wrong: bad JSON at an offset, a missing or mistyped field, a
 * tensor with the wrong number of values, a checksum mismatch, a NaN or infinite value (naming the
 * tensor and the index of the first), or a state that does not fit the architecture.
 * @example
 * const { model, extras } = deserializeModel(text);
 * model.forward(x); // the same outputs, bit for bit, as the model that was saved
 */
export function deserializeModel(text: string, where: { file?: string } = {}): LoadedModel {
  const fail: Fail = (location, message) => {
    throw new DataError(message, {
      ...(where.file === undefined ? {} : { file: where.file }),
      location,
    });
  };
  const f = readFields(parseJson(text, where.file), fail);
  const { headers, bytes, state } = readTensors(f.tensors, f.dtype, fail);
  let actual = '';
  try {
    actual = checksumOf(headerOf(f.dtype, f.inputSize, f.inputShape, f.model, f.extras, headers), bytes);
  } catch (e) {
    // canonicalJson refuses values JSON.parse can produce but not write back (1e999 -> Infinity)
    if (e instanceof ConfigError) fail(e.path, `cannot be checked: ${e.message}`);
    throw e;
  }
  if (actual !== f.checksum) {
    fail(
      'checksum',
      `checksum mismatch: the file says ${f.checksum}, its contents give ${actual}; the file was edited or damaged`,
    );
  }
  checkFinite(headers, state, fail);
  try {
    const config = normalizeLayers(f.model);
    const shaped = f.inputShape === undefined ? {} : { inputShape: f.inputShape };
    const model = buildModel(config, { inputSize: f.inputSize, ...shaped, dtype: f.dtype });
    model.loadStateDict(state);
    return {
      model: model.eval(),
      config,
      inputSize: f.inputSize,
      ...shaped,
      dtype: f.dtype,
      state,
      extras: f.extras,
    };
  } catch (e) {
    if (e instanceof DescentError)
      fail('model', `the stored architecture and parameters do not fit together: ${e.message}`);
    throw e;
  }
}
