// The models the ONNX tests export: every layer type, and every preprocessing step, with weights
// drawn from a fixed seed and batch norm statistics that change the outputs.
import { buildModel } from '../../src/nn/from-config.js';
import type { JsonObject } from '../../src/nn/canonical-json.js';
import { deserializeModel, serializeModel, type LoadedModel } from '../../src/nn/serialize.js';

/** A model with seeded random weights, saved and loaded back as `descent predict` would load it. */
export function model(layers: unknown[], inputSize: number, extras: JsonObject = { loss: 'mse' }): LoadedModel {
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

export const CASES: [string, unknown[]][] = [
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

// Rotation of the plane by 30 degrees: orthonormal principal directions for pca and whiten.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
export const PREPROCESS: [string, JsonObject, number][] = [
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

/** Image models: every image layer, its padding forms, batch norm over channels. */
export const IMAGE_SHAPE = [2, 6, 6];
const D = 72;
export const IMAGE_CASES: [string, unknown[]][] = [
  ['conv (padding, bias), batch norm, relu, max pool, flatten, linear', [
    { type: 'conv2d', filters: 3, kernel: 3, padding: 1 }, { type: 'batchNorm' }, 'relu', { type: 'maxPool2d', size: 2 }, 'flatten', { type: 'linear', units: 4 },
  ]],
  ["conv 'same' with an even kernel and dilation, avg pool with padding, global average pool", [
    { type: 'conv2d', filters: 4, kernel: 2, padding: 'same', bias: false }, 'tanh', { type: 'avgPool2d', size: 3, stride: 1, padding: 1 },
    { type: 'conv2d', filters: 2, kernel: 2, dilation: 2, stride: 2 }, 'globalAvgPool', { type: 'linear', units: 3 },
  ]],
];

/** An image model over IMAGE_SHAPE with seeded weights and moved batch norm statistics, saved and loaded back. */
export function imageModel(layers: unknown[]): LoadedModel {
  const m = buildModel(layers, { inputShape: IMAGE_SHAPE, seed: 4 });
  const state = m.stateDict();
  for (const [name, t] of Object.entries(state)) {
    if (name.endsWith('runningMean')) t.data.forEach((_, j) => (t.data[j] = 0.2 * j - 0.1));
    if (name.endsWith('runningVar')) t.data.forEach((_, j) => (t.data[j] = 0.5 + 0.3 * j));
  }
  return deserializeModel(serializeModel({ config: layers, inputSize: D, inputShape: IMAGE_SHAPE, state, extras: { loss: 'mse' } }));
}
