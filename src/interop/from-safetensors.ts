// A descent model from a safetensors file laid out as a PyTorch nn.Sequential state dict (what
// toSafetensors writes, or what `safetensors.torch.save_file(model.state_dict(), ...)` writes for the
// same architecture) and a layer list: the layer list given, or the one in the file's metadata.
import type { DType } from '../backend/backend.js';
import { ConfigError, DataError } from '../errors.js';
import type { JsonObject } from '../nn/canonical-json.js';
import { buildModel, type LayerConfig, normalizeLayers } from '../nn/from-config.js';
import { layerSpec } from '../nn/layer-specs.js';
import type { StateDict } from '../nn/module.js';
import type { LoadedModel } from '../nn/serialize.js';
import { allocBuf, Tensor } from '../tensor/tensor.js';
import { readSafetensors, type SafetensorsEntry } from './read-safetensors.js';
import { dtypeOf, META } from './safetensors-format.js';
import { torchTensors } from './torch-layout.js';

type Fail = (location: string, message: string) => never;

/** The layer list: the one given, else the file's `descent.model` metadata. */
function architectureOf(given: unknown, metadata: Readonly<Record<string, string>>, fail: Fail): LayerConfig[] {
  if (given !== undefined) return normalizeLayers(given);
  const text = metadata[META.model];
  if (text === undefined) {
    return fail('header.__metadata__', `no ${META.model} entry: pass the layer list (the architecture) with the file`);
  }
  try {
    return normalizeLayers(JSON.parse(text) as unknown);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SyntaxError) return fail(`header.__metadata__.${META.model}`, e.message);
    throw e;
  }
}

/** The input size: the first layer with parameters says it ([out, in] weight, or batch norm's features). */
function inputSizeOf(configs: readonly LayerConfig[], byName: ReadonlyMap<string, SafetensorsEntry>, metadata: Readonly<Record<string, string>>, fail: Fail): number {
  for (let i = 0; i < configs.length; i++) {
    const type = configs[i]!.type;
    if (type !== 'linear' && type !== 'maxout' && type !== 'batchNorm') continue;
    const weight = byName.get(`${i}.weight`);
    if (weight === undefined) return fail(`tensor ${i}.weight`, `missing: layer ${i} (${type}) needs it`);
    const n = type === 'batchNorm' ? weight.shape[0] : weight.shape[1];
    if (weight.shape.length !== (type === 'batchNorm' ? 1 : 2) || n === undefined || n < 1) {
      return fail(`tensor ${i}.weight, offset ${weight.begin}`, `shape [${weight.shape.join(', ')}] does not fit layer ${i} (${type})`);
    }
    return n;
  }
  const stored = Number(metadata[META.inputSize]);
  if (Number.isInteger(stored) && stored >= 1) return stored;
  return fail('header.__metadata__', `the model has no parameters and no ${META.inputSize} entry says its input size`);
}

/** An image model's input shape from the metadata, or undefined for feature vectors. */
function inputShapeOf(metadata: Readonly<Record<string, string>>, fail: Fail): number[] | undefined {
  const text = metadata[META.inputShape];
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    value = null;
  }
  if (!Array.isArray(value) || value.length !== 3 || !value.every((d) => Number.isSafeInteger(d) && (d as number) >= 1 && (d as number) <= 1 << 16)) {
    return fail(`header.__metadata__.${META.inputShape}`, `expected [channels, height, width] of whole numbers, got ${text}`);
  }
  return value as number[];
}

function extrasOf(metadata: Readonly<Record<string, string>>, fail: Fail): JsonObject {
  const text = metadata[META.extras];
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    return fail(`header.__metadata__.${META.extras}`, `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(`header.__metadata__.${META.extras}`, 'expected a JSON object');
  return value as JsonObject;
}

/**
 * Rebuilds a descent model from safetensors bytes in PyTorch nn.Sequential layout: weights [out, in]
 * transposed back to descent's [in, out], batch norm's weight/bias/running_mean/running_var as
 * gamma/beta/runningMean/runningVar (`num_batches_tracked` is read past). The dtype is the tensors'
 * (F32 or F64, all the same); the extras (preprocessing, classes) come from the `descent.extras` metadata.
 * @param architecture the layer list, as in a config's `model`; default: the file's `descent.model` metadata.
 * @param where.file the file name to put in error messages.
 * @param where.inputShape an image model's sample shape [C, H, W], which PyTorch's weights do not
 * hold (a conv's kernel fits any height and width); default: the `descent.inputShape` metadata.
 * @throws DataError naming the file, tensor and offset for a damaged file (see readSafetensors), a
 * missing, unexpected or wrongly shaped tensor, mixed dtypes, or a NaN or infinite value;
 * ConfigError for an invalid layer list.
 * @example
 * const { model } = fromSafetensors(bytes, [{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: 3 }]);
 */
export function fromSafetensors(bytes: Uint8Array, architecture?: unknown, where: { file?: string; inputShape?: readonly number[] } = {}): LoadedModel {
  const fail: Fail = (location, message) => {
    throw new DataError(message, { ...(where.file === undefined ? {} : { file: where.file }), location });
  };
  const { entries, metadata } = readSafetensors(bytes, where);
  const configs = architectureOf(architecture, metadata, fail);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const inputShape = where.inputShape === undefined ? inputShapeOf(metadata, fail) : [...where.inputShape];
  if (inputShape === undefined && configs.some((c) => layerSpec(c.type)?.input === 'image')) {
    fail('header.__metadata__', `the architecture has image layers (${configs.filter((c) => layerSpec(c.type)?.input === 'image').map((c) => c.type).join(', ')}) but nothing says the input's [channels, height, width]: no ${META.inputShape} entry; pass the input shape (descent import --input-shape C,H,W)`);
  }
  const inputSize = inputShape === undefined ? inputSizeOf(configs, byName, metadata, fail) : inputShape.reduce((a, d) => a * d, 1);
  const expected = torchTensors(configs, inputSize, inputShape);
  const floats = entries.filter((e) => e.dtype !== 'I64');
  const code = floats[0]?.dtype === 'F64' ? 'F64' : 'F32';
  const dtype: DType = floats.length === 0 ? (metadata[META.dtype] === 'float64' ? 'float64' : 'float32') : dtypeOf(code);
  for (const e of floats) {
    if (e.dtype !== code) fail(`tensor ${e.name}, offset ${e.begin}`, `dtype ${e.dtype} differs from tensor ${floats[0]!.name}'s ${code}: a model has one dtype`);
  }
  const known = new Set(expected.map((t) => t.name));
  for (const e of entries) {
    const counter = e.dtype === 'I64' && known.has(e.name.replace(/num_batches_tracked$/, 'running_var'));
    if (!known.has(e.name) && !counter) {
      fail(`tensor ${e.name}, offset ${e.begin}`, `unexpected tensor: the architecture (${configs.map((c) => c.type).join(', ')}) has no such parameter`);
    }
  }
  for (const t of expected) {
    const e = byName.get(t.name);
    if (e === undefined) fail(`tensor ${t.name}`, `missing: the architecture needs it, shaped [${t.shape.join(', ')}]`);
    if (e!.shape.length !== t.shape.length || e!.shape.some((d, k) => d !== t.shape[k])) {
      fail(`tensor ${t.name}, offset ${e!.begin}`, `shape [${e!.shape.join(', ')}], expected [${t.shape.join(', ')}] for this architecture`);
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = code === 'F64' ? 8 : 4;
  const state: StateDict = {};
  for (const t of expected) {
    const e = byName.get(t.name)!;
    const rows = t.shape[0]!;
    const cols = t.shape[1] ?? 1;
    const data = allocBuf(dtype, t.shape.reduce((a, d) => a * d, 1));
    for (let k = 0; k < data.length; k++) {
      const at = e.begin + k * size;
      const v = size === 8 ? view.getFloat64(at, true) : view.getFloat32(at, true);
      if (!Number.isFinite(v)) fail(`tensor ${t.name}, offset ${at}`, `holds ${v} at index ${k}: the weights are not finite numbers`);
      // PyTorch's element (r, c) of [rows, cols] is descent's (c, r) of [cols, rows].
      data[t.transpose ? (k % cols) * rows + Math.floor(k / cols) : k] = v;
    }
    state[t.descent] = new Tensor(data, t.transpose ? [cols, rows] : [...t.shape]);
  }
  const shape = inputShape === undefined ? {} : { inputShape };
  const model = buildModel(configs, { inputSize, dtype, ...shape });
  model.loadStateDict(state);
  return { model: model.eval(), config: configs, inputSize, dtype, state, extras: extrasOf(metadata, fail), ...shape };
}
