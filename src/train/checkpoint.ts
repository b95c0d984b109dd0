// Training checkpoints: everything a run needs to continue bit-exactly from an epoch boundary
// (weights, dropout generators, optimizer state, shuffle generator, early-stopping and plateau
// state, best weights), as one JSON text guarded by a CRC-32, written atomically. The fit loop
// captures and restores it (fit.ts); this file only encodes, checks and stores it.
import { DataError } from '../errors.js';
import { decodeBase64, encodeBase64 } from '../base64.js';
import { canonicalJson } from '../nn/canonical-json.js';
import { crc32 } from '../nn/checksum.js';
import type { TensorValues } from '../nn/module.js';
import type { OptimizerStateDict } from '../optim/state-dict.js';
import type { RngState } from '../tensor/rng.js';
import type { EarlyStoppingState } from './early-stopping.js';

/** The `format` field of every checkpoint file. */
export const CHECKPOINT_FORMAT = 'descent-checkpoint';
/** The newest checkpoint version this code writes and reads. */
export const CHECKPOINT_VERSION = 1;
/** The checkpoint's file name inside a run directory. */
export const CHECKPOINT_FILE = 'checkpoint.json';

/** Named tensor values with float32 or float64 storage (a `stateDict()` or a decoded checkpoint). */
export type SavedTensors = Readonly<Record<string, TensorValues & { readonly data: Float32Array | Float64Array }>>;

/**
 * The state of a training run at the end of an epoch. The model's weights at that point are also
 * the fit loop's newest "last good" snapshot, so that is not stored twice; the one before is
 * `previousModel`.
 */
export interface TrainingState {
  /** Epochs completed. */
  readonly epoch: number;
  /** Optimizer steps taken (the global step). */
  readonly step: number;
  /** The optimizer's lr before any schedule: fit multiplies it by the schedule and plateau factor. */
  readonly baseLr: number;
  /** The plateau reducer's current lr multiplier (1 without one). */
  readonly plateauFactor: number;
  readonly model: SavedTensors;
  /**
   * The weights at the end of the epoch before (the initial weights after epoch 1): what fit
   * restores when the next epoch's first step gives a non-finite loss (see last-good.ts). Absent in
   * checkpoints written before it was stored; fit then falls back to the initial weights.
   */
  readonly previousModel?: SavedTensors;
  /** `model.rngStates()`: the dropout generators. */
  readonly modelRngs: Readonly<Record<string, RngState>>;
  readonly optimizer: OptimizerStateDict;
  /** The minibatch shuffle generator, at the epoch boundary. */
  readonly shuffleRng: RngState;
  readonly earlyStopping?: EarlyStoppingState;
  /** The plateau reducer's `stateDict()`. */
  readonly plateau?: unknown;
  /** The best epoch's weights, kept by early stopping. */
  readonly best?: SavedTensors;
}

interface EncodedTensor {
  dtype: 'float32' | 'float64';
  shape: number[];
  data: string;
}

function encodeTensors(t: SavedTensors): Record<string, EncodedTensor> {
  const out: Record<string, EncodedTensor> = {};
  for (const [name, v] of Object.entries(t)) {
    const data = v.data;
    const bytes = new Uint8Array(data.length * data.BYTES_PER_ELEMENT);
    const view = new DataView(bytes.buffer);
    const f64 = data instanceof Float64Array;
    for (let i = 0; i < data.length; i++) {
      if (f64) view.setFloat64(i * 8, data[i]!, true);
      else view.setFloat32(i * 4, data[i]!, true);
    }
    out[name] = { dtype: f64 ? 'float64' : 'float32', shape: [...v.shape], data: encodeBase64(bytes) };
  }
  return out;
}

/**
 * A training state as checkpoint text: `{format, version, ..., checksum}` where the checksum is a
 * CRC-32 of the canonical JSON of every other field. Values are stored exactly (base64 of
 * little-endian floats), so a restored run continues bit for bit.
 * @example
 * const text = encodeCheckpoint(state);
 * decodeCheckpoint(text).epoch === state.epoch; //=> true
 */
export function encodeCheckpoint(state: TrainingState): string {
  const body: Record<string, unknown> = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    epoch: state.epoch,
    step: state.step,
    baseLr: state.baseLr,
    plateauFactor: state.plateauFactor,
    model: encodeTensors(state.model),
    ...(state.previousModel === undefined ? {} : { previousModel: encodeTensors(state.previousModel) }),
    modelRngs: state.modelRngs,
    optimizer: state.optimizer,
    shuffleRng: state.shuffleRng,
    ...(state.earlyStopping === undefined ? {} : { earlyStopping: state.earlyStopping }),
    ...(state.plateau === undefined ? {} : { plateau: state.plateau }),
    ...(state.best === undefined ? {} : { best: encodeTensors(state.best) }),
  };
  // JSON.parse(JSON.stringify()) drops class prototypes (plain objects only for canonicalJson).
  const plain = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  return `${JSON.stringify({ ...plain, checksum: checksumOf(plain) })}\n`;
}

function checksumOf(body: Record<string, unknown>): string {
  const c = crc32(new TextEncoder().encode(canonicalJson(body)));
  return `crc32:${c.toString(16).padStart(8, '0')}`;
}

type Fail = (location: string, message: string) => never;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function wholeNumber(v: unknown, location: string, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(location, `expected a whole number >= 0, got ${JSON.stringify(v)}`);
  return v;
}

function finiteNumber(v: unknown, location: string, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(location, `expected a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function decodeTensors(v: unknown, location: string, fail: Fail): SavedTensors {
  if (!isObject(v)) fail(location, 'expected an object of tensors');
  const out: Record<string, { shape: number[]; data: Float32Array | Float64Array }> = {};
  for (const [name, t] of Object.entries(v)) {
    const at = `${location}.${name}`;
    if (!isObject(t) || (t.dtype !== 'float32' && t.dtype !== 'float64') || typeof t.data !== 'string' || !Array.isArray(t.shape)) {
      fail(at, 'expected {dtype, shape, data}');
    }
    const shape = t.shape.map((d, i) => wholeNumber(d, `${at}.shape.${i}`, fail));
    const decoded = decodeBase64(t.data);
    if ('error' in decoded) fail(`${at}.data`, decoded.error);
    const size = t.dtype === 'float64' ? 8 : 4;
    const n = shape.reduce((a, b) => a * b, 1);
    if (decoded.bytes.length !== n * size) fail(`${at}.data`, `shape [${shape.join(', ')}] needs ${n * size} bytes, got ${decoded.bytes.length}`);
    const view = new DataView(decoded.bytes.buffer, decoded.bytes.byteOffset, decoded.bytes.byteLength);
    const data = t.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = size === 8 ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true);
    out[name] = { shape, data };
  }
  return out;
}

function decodeRng(v: unknown, location: string, fail: Fail): RngState {
  if (!isObject(v) || !Array.isArray(v.s) || v.s.length !== 4) fail(location, 'expected a generator state {s: [4 numbers], spareNormal}');
  const s = v.s.map((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 0xffffffff) fail(`${location}.s.${i}`, `expected a uint32, got ${JSON.stringify(x)}`);
    return x;
  });
  if (v.spareNormal !== null && typeof v.spareNormal !== 'number') fail(`${location}.spareNormal`, 'expected a number or null');
  return { s: [s[0]!, s[1]!, s[2]!, s[3]!], spareNormal: v.spareNormal };
}

function decodeEarlyStopping(v: unknown, fail: Fail): EarlyStoppingState {
  if (!isObject(v)) fail('earlyStopping', 'expected {best, bestEpoch, wait}');
  if (v.best !== null && typeof v.best !== 'number') fail('earlyStopping.best', 'expected a number or null');
  return { best: v.best, bestEpoch: wholeNumber(v.bestEpoch, 'earlyStopping.bestEpoch', fail), wait: wholeNumber(v.wait, 'earlyStopping.wait', fail) };
}

function parseText(text: string, fail: Fail): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail('', `not a checkpoint: bad JSON (${e instanceof Error ? e.message : String(e)}); the file is damaged or was cut short`);
  }
  if (!isObject(value) || value.format !== CHECKPOINT_FORMAT) fail('format', `not a checkpoint: expected format "${CHECKPOINT_FORMAT}"`);
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > CHECKPOINT_VERSION) {
    fail('version', `checkpoint version ${JSON.stringify(version)} is not supported (this descent reads 1..${CHECKPOINT_VERSION})`);
  }
  const { checksum, ...body } = value;
  const expected = checksumOf(body);
  if (checksum !== expected) {
    fail('checksum', `checksum mismatch (stored ${JSON.stringify(checksum)}, computed ${expected}): the checkpoint is damaged; it will not be resumed`);
  }
  return body;
}

/**
 * Checks and decodes checkpoint text from `encodeCheckpoint`.
 * @throws DataError naming the file and field when the text is not a checkpoint, has an unknown
 * version, fails its checksum (any edit or truncation) or holds a malformed field.
 * @example
 * decodeCheckpoint(readFileSync('runs/a/checkpoint.json', 'utf8'), 'runs/a/checkpoint.json').epoch; //=> 12
 */
export function decodeCheckpoint(text: string, file?: string): TrainingState {
  const fail: Fail = (location, message) => {
    throw new DataError(message, { ...(file === undefined ? {} : { file }), ...(location === '' ? {} : { location }) });
  };
  const v = parseText(text, fail);
  if (!isObject(v.modelRngs)) fail('modelRngs', 'expected an object of generator states');
  const modelRngs: Record<string, RngState> = {};
  for (const [name, s] of Object.entries(v.modelRngs)) modelRngs[name] = decodeRng(s, `modelRngs.${name}`, fail);
  if (!isObject(v.optimizer)) fail('optimizer', 'expected an optimizer state dict');
  return {
    epoch: wholeNumber(v.epoch, 'epoch', fail),
    step: wholeNumber(v.step, 'step', fail),
    baseLr: finiteNumber(v.baseLr, 'baseLr', fail),
    plateauFactor: finiteNumber(v.plateauFactor, 'plateauFactor', fail),
    model: decodeTensors(v.model, 'model', fail),
    ...(v.previousModel === undefined ? {} : { previousModel: decodeTensors(v.previousModel, 'previousModel', fail) }),
    modelRngs,
    // Checked in depth by the optimizer's loadStateDict, which knows its parameters.
    optimizer: v.optimizer as unknown as OptimizerStateDict,
    shuffleRng: decodeRng(v.shuffleRng, 'shuffleRng', fail),
    ...(v.earlyStopping === undefined ? {} : { earlyStopping: decodeEarlyStopping(v.earlyStopping, fail) }),
    ...(v.plateau === undefined ? {} : { plateau: v.plateau }),
    ...(v.best === undefined ? {} : { best: decodeTensors(v.best, 'best', fail) }),
  };
}
