// fromSafetensors on files built byte by byte here: a PyTorch-style state dict with no descent
// metadata plus a layer list, and damaged files, each refused with a DataError naming the file, the
// tensor and the offset before anything is allocated from the sizes they claim.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { fromSafetensors } from '../../src/interop/from-safetensors.js';
import { tensor } from '../../src/tensor/create.js';

/** 8-byte little-endian length, the header text as given, then the data bytes. */
function file(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function f32(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

const LAYERS = [{ type: 'linear', units: 2 }, 'relu', { type: 'linear', units: 1 }];
// PyTorch's nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1)): weights [out, in].
const HEADER = JSON.stringify({
  '0.weight': { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
  '0.bias': { dtype: 'F32', shape: [2], data_offsets: [24, 32] },
  '2.weight': { dtype: 'F32', shape: [1, 2], data_offsets: [32, 40] },
  '2.bias': { dtype: 'F32', shape: [1], data_offsets: [40, 44] },
});
const DATA = f32(1, 3, 5, 2, 4, 6, 0.5, -1, 7, 8, 0.25);

function refusal(bytes: Uint8Array, layers: unknown = LAYERS): DataError {
  try {
    fromSafetensors(bytes, layers, { file: 'm.safetensors' });
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('fromSafetensors on a PyTorch state dict', () => {
  it('transposes [out, in] back and computes the same outputs as the hand calculation', () => {
    const { model, inputSize, state } = fromSafetensors(file(HEADER, DATA), LAYERS);
    expect(inputSize).toBe(3);
    expect(state['layers.0.weight']!.shape).toEqual([3, 2]);
    expect(Array.from(state['layers.0.weight']!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    // x = [1, 1, -1]: h = relu([1+3-5+0.5, 2+4-6-1]) = relu([-0.5, -1]) = [0, 0]; y = 0.25.
    // x = [1, 0, 0]: h = relu([1.5, 1]) = [1.5, 1]; y = 7*1.5 + 8*1 + 0.25 = 18.75.
    expect(Array.from(model.forward(tensor([[1, 1, -1], [1, 0, 0]])).data)).toEqual([0.25, 18.75]);
  });
});

describe('fromSafetensors refuses a damaged file', () => {
  it('shorter than the 8-byte header length', () => {
    expect(refusal(new Uint8Array(5)).message).toBe('m.safetensors, offset 0: not a safetensors file: 5 bytes, fewer than the 8 of the header length');
  });

  it('whose header length claims more bytes than the file has', () => {
    const bytes = file(HEADER, DATA);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 60n, true);
    expect(refusal(bytes).message).toContain(`offset 0: the header length says ${2n ** 60n} bytes but only ${bytes.length - 8} follow it`);
  });

  it('whose header is not JSON', () => {
    expect(refusal(file('{"0.weight": ', DATA)).message).toMatch(/^m\.safetensors, offset 8: the header is not UTF-8 JSON/);
  });

  it('with a tensor whose offsets lie outside the data', () => {
    const header = HEADER.replace('[40,44]', '[40,4400]');
    const start = 8 + header.length;
    expect(refusal(file(header, DATA)).message).toBe(
      `m.safetensors, tensor 2.bias, offset ${start + 40}: data_offsets [40, 4400] lie outside the data (44 bytes, from offset ${start} to the end of the file)`,
    );
  });

  it('with a dtype other than F32 or F64', () => {
    const header = HEADER.replace('"F32","shape":[1]', '"F16","shape":[1]');
    const start = 8 + header.length;
    expect(refusal(file(header, DATA)).message).toBe(
      `m.safetensors, tensor 2.bias, offset ${start + 40}: dtype "F16" is not supported: descent reads F32 and F64 tensors only`,
    );
  });

  it('with a shape that needs more bytes than its offsets hold', () => {
    const header = HEADER.replace('"shape":[2,3]', '"shape":[2000000000,3000000000]');
    expect(refusal(file(header, DATA)).message).toContain('tensor 0.weight, offset');
    expect(refusal(file(header, DATA)).message).toContain('needs more than the 44 bytes of data, but data_offsets [0, 24] hold 24');
  });

  it('with bytes no tensor covers', () => {
    const data = new Uint8Array([...DATA, 0, 0, 0, 0]);
    expect(refusal(file(HEADER, data)).message).toBe(`m.safetensors, offset ${8 + HEADER.length + 44}: 4 bytes after the last tensor belong to no tensor`);
  });

  it('with two tensors sharing bytes', () => {
    const header = HEADER.replace('[24,32]', '[20,28]');
    expect(refusal(file(header, DATA)).message).toContain('tensor 0.bias, offset');
    expect(refusal(file(header, DATA)).message).toContain('its bytes overlap those of tensor 0.weight');
  });

  it('that does not fit the architecture: a missing, a misshapen or an extra tensor', () => {
    expect(refusal(file(HEADER, DATA), [{ type: 'linear', units: 2 }, 'relu', { type: 'linear', units: 1 }, 'relu', { type: 'linear', units: 1 }]).message)
      .toBe('m.safetensors, tensor 4.weight: missing: the architecture needs it, shaped [1, 1]');
    expect(refusal(file(HEADER, DATA), [{ type: 'linear', units: 2 }, 'relu', { type: 'linear', units: 2 }]).message)
      .toMatch(/tensor 2\.weight, offset \d+: shape \[1, 2\], expected \[2, 2\] for this architecture$/);
    expect(refusal(file(HEADER, DATA), [{ type: 'linear', units: 2 }, 'relu', { type: 'linear', units: 1, bias: false }]).message)
      .toMatch(/tensor 2\.bias, offset \d+: unexpected tensor/);
  });

  it('with a NaN weight', () => {
    const data = f32(1, 3, 5, 2, NaN, 6, 0.5, -1, 7, 8, 0.25);
    expect(refusal(file(HEADER, data)).message).toBe(`m.safetensors, tensor 0.weight, offset ${8 + HEADER.length + 16}: holds NaN at index 4: the weights are not finite numbers`);
  });

  it('without an architecture, given or in its metadata', () => {
    expect(() => fromSafetensors(file(HEADER, DATA), undefined, { file: 'm.safetensors' })).toThrow('m.safetensors, header.__metadata__: no descent.model entry: pass the layer list (the architecture) with the file');
  });
});
