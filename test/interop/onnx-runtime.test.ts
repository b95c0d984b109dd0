// Exported ONNX models run by onnxruntime-node, an independent implementation of every op, against
// descent's own forward pass through predictRows (what `descent predict` calls): every layer type,
// with and without --raw-input and --probabilities.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { predictRows, type PredictInput } from '../../src/config/predict.js';
import { toOnnx } from '../../src/interop/onnx/to-onnx.js';
import { buildModel } from '../../src/nn/from-config.js';
import type { JsonObject } from '../../src/nn/canonical-json.js';
import { deserializeModel, serializeModel, type LoadedModel } from '../../src/nn/serialize.js';
import { Rng } from '../../src/tensor/rng.js';

const N = 7;

/** A model with seeded random weights, saved and loaded back as `descent predict` would load it. */
function model(layers: unknown[], inputSize: number, extras: JsonObject = { loss: 'mse' }): LoadedModel {
  const m = buildModel(layers, { inputSize, seed: 3 });
  const state = m.stateDict();
  // Batch norm's running statistics start at 0 and 1: give them values that change the outputs.
  for (const [name, t] of Object.entries(state)) {
    if (name.endsWith('runningMean')) t.data.forEach((_, j) => (t.data[j] = 0.3 * j - 0.2));
    if (name.endsWith('runningVar')) t.data.forEach((_, j) => (t.data[j] = 0.5 + 0.25 * j));
    if (name.endsWith('gamma')) t.data.forEach((_, j) => (t.data[j] = 1.5 - 0.1 * j));
    if (name.endsWith('beta')) t.data.forEach((_, j) => (t.data[j] = 0.05 * j));
  }
  return deserializeModel(serializeModel({ config: layers, inputSize, state, extras }));
}

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

const CASES: [string, unknown[]][] = [
  ['linear + relu', [{ type: 'linear', units: 5 }, 'relu', { type: 'linear', units: 3 }]],
  ['linear without bias + tanh', [{ type: 'linear', units: 5, bias: false }, 'tanh', { type: 'linear', units: 3 }]],
  ['sigmoid', [{ type: 'linear', units: 5 }, 'sigmoid', { type: 'linear', units: 3 }]],
  ['leakyRelu', [{ type: 'linear', units: 5 }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'linear', units: 3 }]],
  ['elu', [{ type: 'linear', units: 5 }, { type: 'elu', alpha: 0.7 }, { type: 'linear', units: 3 }]],
  ['gelu (exact)', [{ type: 'linear', units: 5 }, 'gelu', { type: 'linear', units: 3 }]],
  ['gelu (tanh)', [{ type: 'linear', units: 5 }, { type: 'gelu', approximate: 'tanh' }, { type: 'linear', units: 3 }]],
  ['maxout', [{ type: 'maxout', units: 4, pieces: 3 }, { type: 'linear', units: 3 }]],
  ['batchNorm', [{ type: 'linear', units: 5 }, { type: 'batchNorm', eps: 0.001 }, 'relu', { type: 'linear', units: 3 }]],
  ['dropout', [{ type: 'linear', units: 5 }, 'relu', { type: 'dropout', rate: 0.5 }, { type: 'linear', units: 3 }]],
];

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

  it('takes any batch size (the batch dimension is dynamic)', async () => {
    const loaded = model(CASES[0]![1], 4);
    const session = await ort.InferenceSession.create(toOnnx(loaded));
    for (const n of [1, 3]) {
      const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(n * 4), [n, 4]) });
      expect(out['logits']!.dims).toEqual([n, 3]);
    }
  });
});

// Rotation of the plane by 30 degrees: orthonormal principal directions for pca and whiten.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const PREPROCESS: [string, JsonObject, number][] = [
  ['center', { version: 1, inputDim: 3, outputDim: 3, steps: [{ type: 'center', mean: [1, -2, 0.5] }] }, 3],
  ['standardize', { version: 1, inputDim: 3, outputDim: 3, steps: [{ type: 'standardize', mean: [1, -2, 0.5], std: [2, 0.5, 1] }] }, 3],
  ['minmax (with a constant feature)', { version: 1, inputDim: 3, outputDim: 3, steps: [{ type: 'minmax', min: [-1, 0, 2], max: [3, 4, 2] }] }, 3],
  ['pca', {
    version: 1, inputDim: 2, outputDim: 1,
    steps: [{ type: 'pca', mean: [0.5, -0.5], components: [c, s], explainedVariance: [2], explainedVarianceRatio: [0.8] }],
  }, 2],
  ['standardize then whiten', {
    version: 1, inputDim: 2, outputDim: 2,
    steps: [
      { type: 'standardize', mean: [0.1, 0.2], std: [1.5, 0.75] },
      { type: 'whiten', eps: 0.01, variance: [2, 0.5], rotation: { mean: [0.25, -0.25], components: [c, s, -s, c] } },
    ],
  }, 2],
];

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
