// A descent model as a safetensors file laid out as the equivalent PyTorch nn.Sequential's state dict
// (see torch-layout.ts), with the architecture and the saved preprocessing in `__metadata__`.
import { ConfigError } from '../errors.js';
import { normalizeLayers } from '../nn/from-config.js';
import type { ModelRecord } from '../nn/serialize.js';
import { sizeOf } from '../tensor/shape.js';
import { codeOf, bytesPerCode, META, SAFETENSORS_FORMAT } from './safetensors-format.js';
import { torchModules, torchTensors } from './torch-layout.js';

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * The model's weights as safetensors bytes: `0.weight` shaped [out, in], `0.bias`, batch norm's
 * `N.weight`, `N.bias`, `N.running_mean`, `N.running_var` and `N.num_batches_tracked` (I64, 0), in the
 * model's dtype (F32 or F64). `__metadata__` holds `format: "pt"`, the layer list (`descent.model`),
 * `descent.inputSize`, `descent.dtype`, the extras with the preprocessing (`descent.extras`) and the
 * PyTorch modules as Python source (`torch.sequential`), all JSON strings.
 * Takes a ModelRecord or a LoadedModel (loadModel's result).
 * @throws ConfigError for an invalid layer list, or a state entry that is missing or of the wrong size.
 * @example
 * const bytes = toSafetensors(loadModel('model.json'));
 */
export function toSafetensors(record: ModelRecord): Uint8Array {
  const configs = normalizeLayers(record.config);
  const dtype = record.dtype ?? 'float32';
  const code = codeOf(dtype);
  const tensors = torchTensors(configs, record.inputSize, record.inputShape);
  const header: Record<string, HeaderEntry | Record<string, string>> = {
    __metadata__: {
      format: 'pt',
      [META.format]: SAFETENSORS_FORMAT,
      [META.model]: JSON.stringify(configs),
      [META.inputSize]: String(record.inputSize),
      ...(record.inputShape === undefined ? {} : { [META.inputShape]: JSON.stringify(record.inputShape) }),
      [META.dtype]: dtype,
      [META.extras]: JSON.stringify(record.extras ?? {}),
      [META.torch]: JSON.stringify(torchModules(configs, record.inputSize, record.inputShape)),
    },
  };
  let offset = 0;
  const add = (name: string, entryCode: string, shape: number[]): number => {
    const begin = offset;
    offset += sizeOf(shape) * bytesPerCode(entryCode);
    header[name] = { dtype: entryCode, shape, data_offsets: [begin, offset] };
    return begin;
  };
  const writes: { begin: number; values: ArrayLike<number>; rows: number; cols: number; transpose: boolean }[] = [];
  const counters: number[] = [];
  for (const t of tensors) {
    const values = record.state[t.descent];
    if (values === undefined) throw new ConfigError(`state.${t.descent}`, 'missing: the architecture needs this tensor');
    if (values.data.length !== sizeOf(t.shape)) {
      throw new ConfigError(`state.${t.descent}`, `expected ${sizeOf(t.shape)} values, got ${values.data.length}`);
    }
    const begin = add(t.name, code, [...t.shape]);
    writes.push({ begin, values: values.data, rows: t.shape[0]!, cols: t.shape[1] ?? 1, transpose: t.transpose });
    // PyTorch's BatchNorm1d has a step counter buffer that a strict load_state_dict requires.
    if (t.name.endsWith('.running_var')) counters.push(add(`${t.name.slice(0, -'running_var'.length)}num_batches_tracked`, 'I64', []));
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Padded with spaces so that the data starts at a multiple of 8 bytes, as the reference writer does.
  const headerLength = Math.ceil(json.length / 8) * 8;
  const start = 8 + headerLength;
  const bytes = new Uint8Array(start + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, start);
  const size = bytesPerCode(code);
  for (const w of writes) {
    const n = w.values.length;
    for (let k = 0; k < n; k++) {
      // PyTorch element (r, c) of an [rows, cols] weight is descent's element (c, r) of [cols, rows].
      const v = w.transpose ? w.values[(k % w.cols) * w.rows + Math.floor(k / w.cols)]! : w.values[k]!;
      if (code === 'F64') view.setFloat64(start + w.begin + k * size, v, true);
      else view.setFloat32(start + w.begin + k * size, v, true);
    }
  }
  for (const begin of counters) view.setBigInt64(start + begin, 0n, true);
  return bytes;
}
