// Exported ONNX models run by onnxruntime-node, an independent implementation of every op, against
// descent's own forward pass through predictRows (what `descent predict` calls): every layer type,
// with and without --raw-input and --probabilities.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { predictRows, type PredictInput } from '../../src/config/predict.js';
import { toOnnx } from '../../src/interop/onnx/to-onnx.js';
import { buildModel } from '../../src/nn/from-config.js';
import { deserializeModel, serializeModel, type LoadedModel } from '../../src/nn/serialize.js';
import { CASES, model, PREPROCESS } from './onnx-cases.js';
import { Rng } from '../../src/tensor/rng.js';

const N = 7;

function rows(d: number, scale = 2): Float32Array {
  const rng = new Rng(11);
  return Float32Array.from({ length: N * d }, () => (rng.uniform() * 2 - 1) * scale);
}

/** descent's outputs, row by row, from predictRows (a regression model returns its raw outputs). */
function descentOutputs(loaded: LoadedModel, x: Float32Array, d: number): number[] {
  const input: PredictInput = { format: 'csv', x, n: N, d, y: null, yDim: 0 };
  return (predictRows(loaded, input, 'model.json', 'rows.csv').predictions as (number | number[])[]).flat();
}

async function onnxOutputs(bytes: Uint8Array, x: Float32Array, d: number, output: string): Promise<number[]> {
  const session = await ort.InferenceSession.create(bytes);
  expect(session.inputNames).toEqual(['input']);
  expect(session.outputNames).toEqual([output]);
  const result = await session.run({ input: new ort.Tensor('float32', x, [N, d]) });
  return Array.from(result[output]!.data as Float32Array);
}

/** Within 1e-5 of the reference, relative to its size (absolute below 1). */
function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!) / Math.max(1, Math.abs(expected[i]!))));
  expect(worst).toBeLessThanOrEqual(1e-5);
}

const softmaxRows = (values: number[], k: number): number[] =>
  Array.from({ length: values.length / k }, (_, i) => {
    const row = values.slice(i * k, (i + 1) * k);
    const top = Math.max(...row);
    const e = row.map((v) => Math.exp(v - top));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  }).flat();

describe('toOnnx run by onnxruntime-node', () => {
  it.each(CASES)('%s: logits equal descent predict', async (_name, layers) => {
    const loaded = model(layers, 4);
    const x = rows(4);
    expectClose(await onnxOutputs(toOnnx(loaded), x, 4, 'logits'), descentOutputs(loaded, x, 4));
  });

  it.each(CASES)('%s: probabilities equal the softmax of descent predict', async (_name, layers) => {
    const loaded = model(layers, 4);
    const x = rows(4);
    const probabilities = await onnxOutputs(toOnnx(loaded, { probabilities: true }), x, 4, 'probabilities');
    expectClose(probabilities, softmaxRows(descentOutputs(loaded, x, 4), 3));
  });

  it('exports a float64 model as DOUBLE, matching descent to float64 precision', async () => {
    const layers = [{ type: 'maxout', units: 4, pieces: 2 }, { type: 'batchNorm' }, 'tanh', { type: 'linear', units: 3 }];
    const m = buildModel(layers, { inputSize: 4, seed: 5, dtype: 'float64' });
    const loaded = deserializeModel(serializeModel({ config: layers, inputSize: 4, dtype: 'float64', state: m.stateDict(), extras: { loss: 'mse' } }));
    const x = rows(4);
    const session = await ort.InferenceSession.create(toOnnx(loaded));
    const out = await session.run({ input: new ort.Tensor('float64', Float64Array.from(x), [N, 4]) });
    const actual = Array.from(out['logits']!.data as Float64Array);
    const expected = descentOutputs(loaded, x, 4);
    expect(Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!)))).toBeLessThan(1e-12);
  });

  it('takes any batch size (the batch dimension is dynamic)', async () => {
    const loaded = model(CASES[0]![1], 4);
    const session = await ort.InferenceSession.create(toOnnx(loaded));
    for (const n of [1, 3]) {
      const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(n * 4), [n, 4]) });
      expect(out['logits']!.dims).toEqual([n, 3]);
    }
  });
});

describe('toOnnx with rawInput', () => {
  it.each(PREPROCESS)('%s (and an input scale) folded in: raw rows give descent predict\'s outputs', async (_name, preprocess, rawDim) => {
    const outputDim = preprocess['outputDim'] as number;
    const loaded = model([{ type: 'linear', units: 5 }, 'tanh', { type: 'linear', units: 2 }], outputDim, { loss: 'mse', preprocess, inputScale: 0.5 });
    const x = rows(rawDim, 3);
    const reference = descentOutputs(loaded, x, rawDim);
    expectClose(await onnxOutputs(toOnnx(loaded, { rawInput: true }), x, rawDim, 'logits'), reference);
    // Without rawInput the graph takes preprocessed features: raw rows are refused or give other outputs.
    if (rawDim !== outputDim) await expect(onnxOutputs(toOnnx(loaded), x, rawDim, 'logits')).rejects.toThrow();
    else {
      const plain = await onnxOutputs(toOnnx(loaded), x, rawDim, 'logits');
      expect(Math.max(...plain.map((v, i) => Math.abs(v - reference[i]!)))).toBeGreaterThan(1e-3);
    }
  });

  it('with probabilities too', async () => {
    const [, preprocess, rawDim] = PREPROCESS[1]!;
    const loaded = model([{ type: 'linear', units: 5 }, 'relu', { type: 'linear', units: 3 }], 3, { classes: 3, preprocess });
    const x = rows(rawDim, 3);
    // A classification model predicts classes: the reference logits come from the same path with a regression task.
    const logits = descentOutputs(model([{ type: 'linear', units: 5 }, 'relu', { type: 'linear', units: 3 }], 3, { loss: 'mse', preprocess }), x, rawDim);
    expectClose(await onnxOutputs(toOnnx(loaded, { rawInput: true, probabilities: true }), x, rawDim, 'probabilities'), softmaxRows(logits, 3));
  });
});
