// ONNX import: models PyTorch itself exported (tools/make-torch-fixtures.py; the committed outputs
// are PyTorch's), descent's own export read back bitwise, and every kind of damaged or unsupported
// file refused with the file and the place named.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { noGrad } from '../../src/context.js';
import { DataError } from '../../src/errors.js';
import { fromOnnx } from '../../src/interop/onnx/from-onnx.js';
import { toOnnx } from '../../src/interop/onnx/to-onnx.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { CASES, model } from './onnx-cases.js';

const { onnx } = onnxProto;
const FIXTURES = join(import.meta.dirname, 'fixtures');

interface TorchFixture {
  readonly inputs: number[][];
  readonly outputs: number[][];
  readonly softmax: boolean;
}

/** Within 1e-5 of the reference, relative to its size (absolute below 1). */
function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!) / Math.max(1, Math.abs(expected[i]!))));
  expect(worst).toBeLessThanOrEqual(1e-5);
}

function softmax(row: readonly number[]): number[] {
  const top = Math.max(...row);
  const e = row.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

describe('fromOnnx on models exported by PyTorch (torch.onnx.export, opset 17)', () => {
  it.each(['torch-mlp', 'torch-image-mlp'])('%s reproduces PyTorch\'s outputs within 1e-5', (name) => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as TorchFixture;
    const imported = fromOnnx(readFileSync(join(FIXTURES, `${name}.onnx`)), { file: `${name}.onnx` });
    expect(imported.droppedSoftmax).toBe(fixture.softmax);
    const d = fixture.inputs[0]!.length;
    expect(imported.inputSize).toBe(d);
    const x = new Tensor(Float32Array.from(fixture.inputs.flat()), [fixture.inputs.length, d]);
    const y = noGrad(() => imported.model.forward(x));
    const k = fixture.outputs[0]!.length;
    expect(y.shape).toEqual([fixture.inputs.length, k]);
    const rows = Array.from({ length: fixture.inputs.length }, (_, i) => Array.from(y.data.slice(i * k, (i + 1) * k)));
    expectClose((fixture.softmax ? rows.map(softmax) : rows).flat(), fixture.outputs.flat());
  });

  it('maps the MLP layer by layer: Gemm with transB to linear, batch norm with PyTorch\'s momentum and eps', () => {
    const { config } = fromOnnx(readFileSync(join(FIXTURES, 'torch-mlp.onnx')));
    const types = (config as { type: string }[]).map((c) => c.type);
    expect(types).toEqual(['linear', 'relu', 'batchNorm', 'linear', 'tanh', 'linear', 'leakyRelu', 'linear', 'elu', 'linear', 'sigmoid', 'linear']);
    expect(config[2]).toMatchObject({ type: 'batchNorm', eps: 0.001, momentum: 0.1 });
    expect(config[6]).toMatchObject({ type: 'leakyRelu', alpha: 0.2 });
    expect(config[7]).toMatchObject({ type: 'linear', units: 5, bias: false });
    expect(config[8]).toMatchObject({ type: 'elu', alpha: 0.7 });
  });
});

describe('descent -> ONNX -> descent', () => {
  // gelu's ONNX form is arithmetic (Mul, Erf, Add) with no single op to map back.
  it.each(CASES.filter(([name]) => !name.startsWith('gelu')))('%s: the same layers and bitwise-equal weights', (_name, layers) => {
    for (const dtype of ['float32', 'float64'] as const) {
      const original = model(layers, 4);
      const record = dtype === 'float32' ? original : { ...original, dtype, state: Object.fromEntries(Object.entries(original.state).map(([k, t]) => [k, { data: Float64Array.from(t.data, (v) => v + 1e-12), shape: t.shape }])) };
      const back = fromOnnx(toOnnx(record));
      expect(back.dtype).toBe(dtype);
      expect(back.inputSize).toBe(4);
      const dropped = (record.config as unknown[]).map((c) => (typeof c === 'string' ? c : (c as { type: string }).type)).filter((t) => t !== 'dropout');
      expect((back.config as { type: string }[]).map((c) => c.type)).toEqual(dropped);
      // Dropout leaves the export, so later layers move up one place.
      const shift = (name: string): string => {
        const at = Number(name.split('.')[1]);
        const drop = (record.config as unknown[]).findIndex((c) => (c as { type?: string }).type === 'dropout');
        return drop >= 0 && at > drop ? name.replace(`layers.${at}.`, `layers.${at - 1}.`) : name;
      };
      const names = Object.keys(record.state).map(shift).sort();
      expect(Object.keys(back.state).sort()).toEqual(names);
      for (const [name, t] of Object.entries(record.state)) {
        const got = back.state[shift(name)]!;
        expect(got.shape).toEqual(t.shape);
        expect(got.data.constructor).toBe(dtype === 'float64' ? Float64Array : Float32Array);
        expect(Array.from(got.data)).toEqual(Array.from(t.data));
      }
    }
  });
});

/** A minimal ONNX model: one MatMul of `input` [batch, 2] by a 2x2 weight, as protobuf bytes. */
function tiny(edit: (m: onnxProto.onnx.IModelProto) => void = () => {}): Uint8Array {
  const weight = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
  const m: onnxProto.onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'g',
      node: [{ opType: 'MatMul', input: ['input', 'w'], output: ['y'], name: 'mm' }],
      initializer: [{ name: 'w', dims: [2, 2], dataType: 1, rawData: weight }],
      input: [{ name: 'input', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 2 }] } } } }],
      output: [{ name: 'y', type: { tensorType: { elemType: 1 } } }],
    },
  };
  edit(m);
  return onnx.ModelProto.encode(onnx.ModelProto.create(m)).finish();
}

describe('fromOnnx refuses what it cannot import', () => {
  const refuse = (bytes: Uint8Array, message: RegExp | string): void => {
    let error: unknown;
    try {
      fromOnnx(bytes, { file: 'bad.onnx' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/^bad\.onnx, /);
    expect((error as Error).message).toMatch(message);
  };

  it('reads the tiny model itself (MatMul as a linear layer without bias)', () => {
    const { config, state } = fromOnnx(tiny());
    expect(config).toMatchObject([{ type: 'linear', units: 2, bias: false }]);
    expect(Array.from(state['layers.0.weight']!.data)).toEqual([1, 2, 3, 4]);
  });

  it('a truncated file, and bytes that are not protobuf', () => {
    const bytes = tiny();
    refuse(bytes.subarray(0, bytes.length - 7), /^bad\.onnx, offset 0: not an ONNX model, or a damaged one .*truncated/);
    refuse(new TextEncoder().encode('{"format": "descent-model"}'), /offset 0: not an ONNX model|graph: no graph/);
  });

  it('dims claiming more values than the tensor carries, before allocating them', () => {
    refuse(tiny((m) => { m.graph!.initializer![0]!.dims = [2, 1e15]; }), 'initializer w: dims [2, 1000000000000000] need 2000000000000000 values, but the tensor carries 16 bytes');
  });

  it('an element type other than FLOAT or DOUBLE', () => {
    refuse(tiny((m) => { m.graph!.initializer![0]!.dataType = 10; }), 'initializer w: element type FLOAT16: expected FLOAT (float32) or DOUBLE (float64)');
    refuse(tiny((m) => { m.graph!.input![0]!.type!.tensorType!.elemType = 6; }), 'graph input input: element type INT32');
  });

  it('an unsupported op, naming the op and the node, and listing what is supported', () => {
    refuse(tiny((m) => {
      m.graph!.node!.push({ opType: 'Sin', input: ['y'], output: ['z'], name: 'sine' });
      m.graph!.output![0]!.name = 'z';
    }), /node 1 \(Sin 'sine'\): op Sin is not supported; descent imports Gemm, MatMul, /);
  });

  it('a node that does not read the layer before (a graph that is not a chain)', () => {
    refuse(tiny((m) => {
      m.graph!.node!.push({ opType: 'Relu', input: ['input'], output: ['z'], name: 'side' });
      m.graph!.output![0]!.name = 'z';
    }), "node 1 (Relu 'side'): reads input, not the output of the layer before (y)");
  });

  it('weights kept in an external file, and a NaN weight', () => {
    refuse(tiny((m) => { m.graph!.initializer![0]!.dataLocation = 1; }), 'initializer w: its values are in an external file');
    refuse(tiny((m) => { m.graph!.initializer![0]!.rawData = new Uint8Array(new Float32Array([1, NaN, 3, 4]).buffer); }), 'initializer w: holds NaN at index 1');
  });
});

describe('fromOnnx on convnets PyTorch exported', () => {
  it.each(['torch-convnet', 'torch-global-pool'])('%s reproduces PyTorch\'s outputs within 1e-5', (name) => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as TorchFixture & { sampleShape: number[] };
    const imported = fromOnnx(readFileSync(join(FIXTURES, `${name}.onnx`)), { file: `${name}.onnx` });
    expect(imported.inputShape).toEqual(fixture.sampleShape);
    const d = fixture.inputs[0]!.length;
    // Flat rows, as `descent predict` passes them: the model reads them as its input shape.
    const y = noGrad(() => imported.model.forward(new Tensor(Float32Array.from(fixture.inputs.flat()), [fixture.inputs.length, d])));
    expectClose(Array.from(y.data), fixture.outputs.flat());
  });

  it('maps the convnet layer by layer (batch norm folded into the convolution by the exporter)', () => {
    const { config } = fromOnnx(readFileSync(join(FIXTURES, 'torch-convnet.onnx')));
    expect(config).toMatchObject([
      { type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 1, dilation: 1, bias: true }, { type: 'relu' },
      { type: 'maxPool2d', size: 2, stride: 2, padding: 0 },
      { type: 'conv2d', filters: 6, kernel: 2, stride: 1, padding: 1, dilation: 2 }, { type: 'tanh' },
      { type: 'avgPool2d', size: 2, stride: 1, padding: 0 }, { type: 'flatten' }, { type: 'linear', units: 3 },
    ]);
  });
});
