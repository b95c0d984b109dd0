// The standard workload W1 (issue 8): 784-512-relu-256-relu-10 on Fashion-MNIST's 60,000 training
// images, softmax cross-entropy, Adam lr 1e-3, batch 128, float32, shuffled. Written with the library's
// own pieces (buildModel, Optimizer, adam, the loss, batchIndices, batchOf, evaluate) so it measures
// what a training step of `descent train` costs; data loading is outside the timed part.
import { backward } from '../../autograd/backward.js';
import type { Backend } from '../../backend/backend.js';
import { withBackend } from '../../context.js';
import { batchIndices } from '../../data/batch-indices.js';
import type { Dataset } from '../../data/dataset.js';
import { loadFashionMnist } from '../../data/node/fashion-mnist.js';
import { DataError } from '../../errors.js';
import { lossByName } from '../../losses/loss-by-name.js';
import { buildModel } from '../../nn/from-config.js';
import { adam } from '../../optim/aliases.js';
import { Optimizer } from '../../optim/optimizer.js';
import { BufferPool } from '../../tensor/buffer-pool.js';
import { Rng } from '../../tensor/rng.js';
import type { Tensor } from '../../tensor/tensor.js';
import { batchOf, type TrainingData } from '../../train/batch.js';
import { evaluate } from '../../train/evaluate.js';

/** GEMM FLOPs per sample per training step of W1: forward, weight gradients, and input gradients of layers 2-3. */
export const W1_FLOPS_PER_SAMPLE = 2 * (784 * 512 + 512 * 256 + 256 * 10) * 2 + 2 * (512 * 256 + 256 * 10);

const LAYERS = [
  { type: 'linear', units: 512, init: 'he' }, 'relu',
  { type: 'linear', units: 256, init: 'he' }, 'relu',
  { type: 'linear', units: 10 },
];
const BATCH = 128;
const WARMUP_STEPS = 20;
const EVAL_ROWS = 250;

/** Options of runW1. */
export interface W1Options {
  readonly backend: Backend;
  /** Timed epochs (default 1). */
  readonly epochs?: number;
  /** Cap on the steps of each timed epoch; seconds per epoch are then extrapolated to a full epoch. */
  readonly steps?: number;
  /** The Fashion-MNIST folder from DESCENT_DATA or --data. */
  readonly dataDir?: string;
  /** Use synthetic data of the same shape even when Fashion-MNIST is present. */
  readonly synthetic?: boolean;
  /** Seed of the weights and the shuffle (default 1). */
  readonly seed?: number;
  /** Rows of the synthetic training set (default 60,000, Fashion-MNIST's; tests use fewer). */
  readonly syntheticRows?: number;
}

/** What runW1 measured. */
export interface W1Result {
  readonly data: 'fashion-mnist' | 'synthetic';
  readonly secondsPerEpoch: number;
  readonly samplesPerSecond: number;
  readonly gflops: number;
  readonly testAccuracy: number;
  /** Timed steps in all, and whether seconds per epoch were extrapolated from fewer than an epoch's steps. */
  readonly steps: number;
  readonly extrapolated: boolean;
  /** Bytes of the train and test features and labels in memory (the baseline of the peak-memory target). */
  readonly datasetBytes: number;
  /** The trained model's parameters (for determinism tests). */
  readonly parameters: readonly Tensor[];
}

const synthetic = new Map<string, Dataset>();

/**
 * Synthetic stand-in for Fashion-MNIST: n x 784 uniform [0, 1) pixels; each pixel feeds one of the 10
 * class scores with a fixed random weight and the label is the top score, so a linear model can learn
 * the task and the accuracy means something. Memoized: benchmarks and tests call it repeatedly.
 * @example syntheticW1Data(100, 7).d; //=> 784
 */
export function syntheticW1Data(n: number, seed: number): Dataset {
  const key = `${n}:${seed}`;
  const cached = synthetic.get(key);
  if (cached !== undefined) return cached;
  const rng = new Rng(seed);
  const d = 784;
  const weight = new Float64Array(d);
  const group = new Int32Array(d);
  for (let j = 0; j < d; j++) {
    weight[j] = rng.normal();
    group[j] = rng.int(10);
  }
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  const scores = new Float64Array(10);
  for (let r = 0; r < n; r++) {
    scores.fill(0);
    for (let j = 0; j < d; j++) {
      const v = rng.uniform();
      x[r * d + j] = v;
      scores[group[j]!]! += (v - 0.5) * weight[j]!;
    }
    let best = 0;
    for (let c = 1; c < 10; c++) if (scores[c]! > scores[best]!) best = c;
    y[r] = best;
  }
  const ds: Dataset = { x, n, d, y, yDim: 1, classes: 10, source: 'synthetic' };
  synthetic.set(key, ds);
  return ds;
}

function loadData(options: W1Options): { train: Dataset; test: Dataset; data: W1Result['data'] } {
  if (options.synthetic !== true) {
    try {
      const dir = options.dataDir === undefined ? {} : { envDir: options.dataDir };
      return {
        train: loadFashionMnist({ split: 'train', scale: true, ...dir }),
        test: loadFashionMnist({ split: 'test', scale: true, ...dir }),
        data: 'fashion-mnist',
      };
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
    }
  }
  const rows = options.syntheticRows ?? 60_000;
  return { train: syntheticW1Data(rows, 7), test: syntheticW1Data(Math.ceil(rows / 6), 8), data: 'synthetic' };
}

/**
 * Runs W1 on `options.backend`: 20 warm-up steps, then `epochs` timed epochs (or `steps` per epoch),
 * then the test accuracy.
 * @example
 * const r = runW1({ backend: cpuBackend, epochs: 1, steps: 10, synthetic: true });
 * r.data; //=> 'synthetic'
 */
export function runW1(options: W1Options): W1Result {
  return runWorkload({ layers: LAYERS, flopsPerSample: W1_FLOPS_PER_SAMPLE }, options);
}

/** What a workload trains: its layers, the sample shape they take (default flat rows), and its cost. */
export interface Workload {
  readonly layers: readonly unknown[];
  readonly inputShape?: readonly number[];
  readonly flopsPerSample: number;
}

/**
 * Runs a workload on Fashion-MNIST (or synthetic data of its shape) on `options.backend`: 20 warm-up
 * steps, then `epochs` timed epochs (or `steps` per epoch), then the test accuracy.
 */
export function runWorkload(workload: Workload, options: W1Options): W1Result {
  return withBackend(options.backend, () => run(workload, options));
}

function run(workload: Workload, options: W1Options): W1Result {
  const epochs = options.epochs ?? 1;
  const seed = options.seed ?? 1;
  const { train, test, data } = loadData(options);
  const trainData: TrainingData = { ds: train, labels: Int32Array.from(train.y) };
  const loss = lossByName('softmaxCrossEntropy');
  // What `descent train` builds: Sequential fuses each linear + relu, and the Optimizer runs Adam as one
  // Backend.adamUpdate pass per float32 parameter tensor.
  const shape = workload.inputShape === undefined ? {} : { inputShape: workload.inputShape };
  const model = buildModel(workload.layers, { inputSize: train.d, seed, dtype: 'float32', outputSize: 10, ...shape });
  const optimizer = new Optimizer(model.parameters(), adam({ lr: 1e-3 }));
  const rng = new Rng(seed + 1);
  const pool = new BufferPool(); // as in fit: each step's buffers, the batch's included, serve the next step
  const step = (idx: Int32Array): void => {
    pool.run(() => {
      const batch = batchOf(trainData, idx, 'float32');
      const l = loss.fn(model.forward(batch.x), batch.target);
      optimizer.zeroGrad();
      backward(l);
      optimizer.step();
    });
    pool.endStep();
  };
  const warm = batchIndices(train.n, BATCH, new Rng(seed + 2));
  for (let s = 0; s < WARMUP_STEPS; s++) step(warm[s % warm.length]!);
  const fullSteps = Math.ceil(train.n / BATCH);
  let seconds = 0;
  let steps = 0;
  let samples = 0;
  for (let e = 0; e < epochs; e++) {
    const batches = batchIndices(train.n, BATCH, rng);
    const count = Math.min(batches.length, options.steps ?? batches.length);
    const start = performance.now();
    for (let s = 0; s < count; s++) {
      step(batches[s]!);
      samples += batches[s]!.length;
    }
    seconds += (performance.now() - start) / 1000;
    steps += count;
  }
  const samplesPerSecond = samples / seconds;
  const secondsPerEpoch = train.n / samplesPerSecond;
  return {
    data, secondsPerEpoch, samplesPerSecond, gflops: (samplesPerSecond * workload.flopsPerSample) / 1e9,
    // Evaluated in 250-row passes: small enough that evaluation adds little to the peak memory.
    testAccuracy: evaluate(model, { ds: test, labels: Int32Array.from(test.y) }, loss, 'float32', EVAL_ROWS).accuracy!,
    steps,
    extrapolated: steps < epochs * fullSteps, parameters: model.parameters(),
    datasetBytes: [train, test].reduce((sum, ds) => sum + ds.x.byteLength + ds.y.byteLength, 0),
  };
}
