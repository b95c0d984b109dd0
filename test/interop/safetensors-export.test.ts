// toSafetensors against a reader written here from the format's definition (8-byte little-endian
// header length, JSON header, raw little-endian bytes) and values worked out by hand: descent's
// linear weight [in, out] becomes PyTorch's [out, in].
import { describe, expect, it } from 'vitest';
import { toSafetensors } from '../../src/interop/to-safetensors.js';
import { fromSafetensors } from '../../src/interop/from-safetensors.js';
import { deserializeModel, serializeModel, type ModelRecord } from '../../src/nn/serialize.js';
import { tensor } from '../../src/tensor/create.js';
import { IMAGE_CASES, imageModel } from './onnx-cases.js';

interface Entry { dtype: string; shape: number[]; data_offsets: [number, number] }

/** A minimal independent reader: the header object and each tensor's values as numbers. */
function read(bytes: Uint8Array): { header: Record<string, unknown>; values: Record<string, number[]>; headerLength: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  const values: Record<string, number[]> = {};
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, data_offsets: [b, end] } = e as Entry;
    const size = dtype === 'F32' ? 4 : 8;
    const out: number[] = [];
    for (let at = 8 + headerLength + b; at < 8 + headerLength + end; at += size) {
      out.push(dtype === 'F32' ? view.getFloat32(at, true) : dtype === 'F64' ? view.getFloat64(at, true) : Number(view.getBigInt64(at, true)));
    }
    values[name] = out;
  }
  return { header, values, headerLength };
}

// 3 inputs -> 2 units: descent's weight[i][o] = [[1, 2], [3, 4], [5, 6]], so PyTorch's [out, in] is
// [[1, 3, 5], [2, 4, 6]].
const record: ModelRecord = {
  config: [{ type: 'linear', units: 2 }, 'relu', { type: 'batchNorm' }, { type: 'dropout', rate: 0.25 }, { type: 'linear', units: 1, bias: false }],
  inputSize: 3,
  state: {
    'layers.0.weight': { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] },
    'layers.0.bias': { shape: [2], data: [0.5, -1] },
    'layers.2.gamma': { shape: [2], data: [2, 3] },
    'layers.2.beta': { shape: [2], data: [0.25, 0.75] },
    'layers.2.runningMean': { shape: [2], data: [-1, 1] },
    'layers.2.runningVar': { shape: [2], data: [4, 9] },
    'layers.4.weight': { shape: [2, 1], data: [7, 8] },
  },
  extras: { preprocess: { steps: [{ type: 'center', mean: [1, 2, 3] }] }, classes: 1 },
};

describe('toSafetensors', () => {
  const bytes = toSafetensors(record);
  const { header, values, headerLength } = read(bytes);

  it('names and lays out the tensors as the PyTorch nn.Sequential, index by index', () => {
    expect(Object.keys(header).filter((k) => k !== '__metadata__')).toEqual([
      '0.weight', '0.bias', '2.weight', '2.bias', '2.running_mean', '2.running_var', '2.num_batches_tracked', '4.weight',
    ]);
    expect((header['0.weight'] as Entry).shape).toEqual([2, 3]);
    expect((header['0.weight'] as Entry).dtype).toBe('F32');
    expect((header['4.weight'] as Entry).shape).toEqual([1, 2]);
    expect((header['2.num_batches_tracked'] as Entry)).toMatchObject({ dtype: 'I64', shape: [] });
  });

  it('stores the transposed weight and the other values as they are', () => {
    expect(values).toEqual({
      '0.weight': [1, 3, 5, 2, 4, 6],
      '0.bias': [0.5, -1],
      '2.weight': [2, 3],
      '2.bias': [0.25, 0.75],
      '2.running_mean': [-1, 1],
      '2.running_var': [4, 9],
      '2.num_batches_tracked': [0],
      '4.weight': [7, 8],
    });
  });

  it('packs the data with no gap: offsets run from 0 to the end of the file, the header padded to 8 bytes', () => {
    expect(headerLength % 8).toBe(0);
    const spans = Object.entries(header).filter(([k]) => k !== '__metadata__').map(([, e]) => (e as Entry).data_offsets);
    // 6 + 2 + 4 * 2 floats of 4 bytes, the 8-byte counter, then 2 floats.
    expect(spans).toEqual([[0, 24], [24, 32], [32, 40], [40, 48], [48, 56], [56, 64], [64, 72], [72, 80]]);
    expect(bytes.length).toBe(8 + headerLength + 80);
  });

  it('puts the architecture, input size, dtype, extras and the PyTorch modules in __metadata__ as strings', () => {
    const meta = header['__metadata__'] as Record<string, string>;
    expect(Object.values(meta).every((v) => typeof v === 'string')).toBe(true);
    expect(meta['format']).toBe('pt');
    expect(meta['descent.inputSize']).toBe('3');
    expect(meta['descent.dtype']).toBe('float32');
    expect(JSON.parse(meta['descent.extras']!)).toEqual(record.extras);
    expect((JSON.parse(meta['descent.model']!) as { type: string }[]).map((c) => c.type)).toEqual(['linear', 'relu', 'batchNorm', 'dropout', 'linear']);
    expect(JSON.parse(meta['torch.sequential']!)).toEqual([
      'nn.Linear(3, 2, bias=True)', 'nn.ReLU()', 'nn.BatchNorm1d(2, eps=0.00001, momentum=0.1)', 'nn.Dropout(p=0.25)', 'nn.Linear(2, 1, bias=False)',
    ]);
  });

  it('writes F64 for a float64 model, keeping values float32 cannot hold', () => {
    const f64 = toSafetensors({ config: [{ type: 'linear', units: 1 }], inputSize: 1, dtype: 'float64', state: { 'layers.0.weight': { shape: [1, 1], data: [0.1] }, 'layers.0.bias': { shape: [1], data: [1 / 3] } } });
    const r = read(f64);
    expect((r.header['0.weight'] as Entry).dtype).toBe('F64');
    expect(r.values).toEqual({ '0.weight': [0.1], '0.bias': [1 / 3] });
  });

  it('refuses a state that lacks a tensor the architecture needs', () => {
    const { 'layers.0.bias': _bias, ...rest } = record.state;
    expect(() => toSafetensors({ ...record, state: rest })).toThrow(/state\.layers\.0\.bias: missing/);
  });
});

describe('a round trip through safetensors', () => {
  it('gives back bitwise-equal weights, the extras and the same outputs', () => {
    const { 'layers.4.weight': _dropped, ...head } = record.state;
    const original = deserializeModel(serializeModel({
      ...record,
      config: [{ type: 'linear', units: 2 }, 'relu', { type: 'batchNorm' }, { type: 'maxout', units: 2, pieces: 3 }, 'tanh', { type: 'linear', units: 2 }],
      state: {
        ...head,
        'layers.3.weight': { shape: [2, 6], data: [0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8, 0.9, -1.1, 1.2, -1.3] },
        'layers.3.bias': { shape: [6], data: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06] },
        'layers.5.weight': { shape: [2, 2], data: [1.5, -2.5, 0.125, 3] },
        'layers.5.bias': { shape: [2], data: [0.3, -0.7] },
      },
    }));
    const back = fromSafetensors(toSafetensors(original));
    expect(back.inputSize).toBe(3);
    expect(back.dtype).toBe('float32');
    expect(back.config).toEqual(original.config);
    expect(back.extras).toEqual(original.extras);
    expect(Object.keys(back.state).sort()).toEqual(Object.keys(original.state).sort());
    for (const [name, t] of Object.entries(original.state)) {
      expect(back.state[name]!.shape, name).toEqual(t.shape);
      expect(Array.from(back.state[name]!.data), name).toEqual(Array.from(t.data));
    }
    const x = tensor([[0.5, -1, 2], [3, 0.25, -0.75]]);
    expect(Array.from(back.model.forward(x).data)).toEqual(Array.from(original.model.forward(x).data));
  });
});

describe('toSafetensors of an image model', () => {
  it('writes conv filters as PyTorch\'s (out, in, kh, kw) unchanged, batch norm per channel, and the input shape; reads back', () => {
    const loaded = imageModel(IMAGE_CASES[0]![1]);
    const bytes = toSafetensors(loaded);
    const { header, values } = read(bytes);
    expect((header['0.weight'] as Entry).shape).toEqual([3, 2, 3, 3]);
    expect(values['0.weight']).toEqual(Array.from(loaded.state['layers.0.weight']!.data));
    expect((header['0.bias'] as Entry).shape).toEqual([3]);
    expect((header['1.running_var'] as Entry).shape).toEqual([3]);
    expect((header['5.weight'] as Entry).shape).toEqual([4, 27]);
    const meta = header['__metadata__'] as Record<string, string>;
    expect(JSON.parse(meta['descent.inputShape']!)).toEqual([2, 6, 6]);
    expect(JSON.parse(meta['torch.sequential']!)).toEqual([
      'nn.Conv2d(2, 3, 3, stride=1, padding=1, dilation=1, bias=True)', 'nn.BatchNorm2d(3, eps=0.00001, momentum=0.1)', 'nn.ReLU()',
      'nn.MaxPool2d(2, stride=2, padding=0)', 'nn.Flatten()', 'nn.Linear(27, 4, bias=True)',
    ]);
    const back = fromSafetensors(bytes);
    expect(back.inputShape).toEqual([2, 6, 6]);
    for (const [name, t] of Object.entries(loaded.state)) expect(Array.from(back.state[name]!.data)).toEqual(Array.from(t.data));
  });
});
