// Small, seeded doctor inputs built to pass or to fail a given check: Gaussian blobs (3 classes,
// 4 features, well separated), a tiny MLP from its config form, and the configured optimizer.
import type { DType } from '../../src/backend/backend.js';
import type { DoctorInput } from '../../src/doctor/doctor-input.js';
import { lossByName } from '../../src/losses/loss-by-name.js';
import { buildModel } from '../../src/nn/from-config.js';
import type { Module } from '../../src/nn/module.js';
import { optimizerFromConfig } from '../../src/optim/from-config.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/tensor/rng.js';
import type { TrainingData } from '../../src/train/batch.js';

/** n rows per class of 3 Gaussian blobs in 4 dimensions, centres 3 apart, unit noise scaled by 0.5. */
export function blobs(perClass = 40, seed = 1): Dataset {
  const rng = new Rng(seed);
  const d = 4;
  const n = 3 * perClass;
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = (j === c ? 1.5 : j === 3 ? -0.5 : 0) - 0.5 + 0.5 * rng.normal();
  }
  return { x, y, n, d, yDim: 1, classes: 3, source: 'blobs' };
}

export function trainingData(ds: Dataset): TrainingData {
  return { ds, labels: Int32Array.from(ds.y) };
}

export interface FixtureOptions {
  layers?: unknown[];
  optimizer?: unknown;
  /** Transforms each freshly built model (e.g. scales or zeroes its weights). */
  tweak?: (m: Module) => Module;
  /** Replaces the model factory altogether. */
  model?: (dtype: DType) => Module;
  ds?: Dataset;
  validation?: Dataset;
  regularization?: DoctorInput['regularization'];
  batchSize?: number;
  preprocess?: string[];
}

export const DEFAULT_LAYERS = [{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: 3 }];

/** A doctor input over blobs, by default one that passes every check. */
export function fixture(o: FixtureOptions = {}): DoctorInput {
  const ds = o.ds ?? blobs();
  const spec = optimizerFromConfig(o.optimizer ?? { type: 'adam', lr: 0.01 });
  const layers = o.layers ?? DEFAULT_LAYERS;
  const build = o.model ?? ((dtype: DType) => buildModel(layers, { inputSize: ds.d, seed: 5, dtype, outputSize: 3 }));
  return {
    model: (dtype) => (o.tweak ?? ((m) => m))(build(dtype)),
    train: trainingData(ds),
    ...(o.validation === undefined ? {} : { validation: trainingData(o.validation) }),
    loss: lossByName('softmaxCrossEntropy'),
    classes: 3,
    ...(o.regularization === undefined ? {} : { regularization: o.regularization }),
    optimizer: (m) => spec.create(m.namedParameters()),
    batchSize: o.batchSize ?? 32,
    preprocess: o.preprocess ?? [],
    seed: 0,
  };
}

/** Multiplies every weight tensor (not biases) of a model by `k`, in place. */
export function scaleWeights(k: number): (m: Module) => Module {
  return (m) => {
    for (const p of m.parameters()) if (p.role === 'weight') for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! * k;
    return m;
  };
}
