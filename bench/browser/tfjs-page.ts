// TensorFlow.js's side of the browser benchmark: the same W1 (784-512-relu-256-relu-10, He-normal
// hidden layers, softmax cross-entropy averaged over the batch, Adam 1e-3, batch 128, float32) on
// @tensorflow/tfjs-backend-wasm with setThreadsCount(?threads). Written with TF.js's fastest plain
// path: fused matMul + bias + relu kernels and optimizer.minimize, no Layers API overhead.
// ?workload=w4 trains W4's convnet instead (tfjs-convnet.ts, the Layers API), the same way.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BATCH, batchOrder, CLASSES, loadW1Data, type RunResult, runRequest, timeSteps } from './data.js';
import { convnetLoss } from './tfjs-convnet.js';

function weight(fanIn: number, fanOut: number, scale: number, seed: number): tf.Variable {
  return tf.variable(tf.randomNormal([fanIn, fanOut], 0, scale, 'float32', seed));
}

/**
 * TF.js's products alone at W1's first-layer shapes (forward 128x784 x 784x512, weight gradient
 * 784x128 x 128x512 as X^T dY, input gradient 128x512 x 512x784 as dY W^T), for context: GFLOP/s each.
 */
function gemmGflops(): string {
  const shapes: [number, number, number, boolean, boolean][] = [[128, 784, 512, false, false], [784, 128, 512, true, false], [128, 512, 784, false, true]];
  return shapes.map(([m, k, n, ta, tb]) => tf.tidy(() => {
    const a = tf.randomUniform(ta ? [k, m] : [m, k]);
    const b = tf.randomUniform(tb ? [n, k] : [k, n]);
    tf.matMul(a, b, ta, tb).dataSync();
    const reps = 10;
    const start = performance.now();
    for (let r = 0; r < reps; r++) tf.matMul(a, b, ta, tb).dataSync();
    return ((2 * m * k * n * reps) / ((performance.now() - start) * 1e6)).toFixed(1);
  })).join('/');
}

async function run(): Promise<RunResult> {
  const request = runRequest();
  // The driver serves the three .wasm builds of node_modules/@tensorflow/tfjs-backend-wasm/dist here.
  setWasmPaths('/tfjs/');
  setThreadsCount(request.threads);
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js: the wasm backend did not initialise');
  await tf.ready();
  const isolated = self.crossOriginIsolated === true;
  // TF.js quietly runs its single-threaded build when the page cannot share memory: report what it uses.
  const threads = getThreadsCount();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const shared = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const build = simd === true ? (shared === true ? 'threaded-simd' : 'simd') : 'plain';
  const w4 = request.workload === 'w4';
  // The products at W1's shapes say little about a convnet: W4 skips them.
  const gemm = w4 ? null : gemmGflops();
  const data = await loadW1Data();
  const { x, d } = data.ds;
  const lossOf = w4 ? convnetLoss() : mlpLoss(d);
  const optimizer = tf.train.adam(1e-3);
  const batches = batchOrder(data.ds.n, 2);
  const xb = new Float32Array(BATCH * d);
  const yb = new Float32Array(BATCH * CLASSES);
  let last: tf.Scalar | null = null;
  const step = (s: number): void => {
    // The same gather of the batch's rows that descent's batchOf does.
    const idx = batches[s % batches.length]!;
    yb.fill(0);
    for (let r = 0; r < idx.length; r++) {
      const row = idx[r]!;
      xb.set(x.subarray(row * d, (row + 1) * d), r * d);
      yb[r * CLASSES + data.labels[row]!] = 1;
    }
    last?.dispose();
    last = tf.tidy(() => {
      const input = tf.tensor2d(xb, [BATCH, d]);
      const target = tf.tensor2d(yb, [BATCH, CLASSES]);
      // Without a variable list minimize trains every trainable variable: the model's, and only those.
      return optimizer.minimize(() => lossOf(input, target), true)!;
    });
  };
  const detail = gemm === null ? `${build} build` : `${build} build, its matMul NN/TN/NT ${gemm} GFLOP/s`;
  const result = { library: 'tfjs', backend: tf.getBackend(), threads, data: data.source, isolated, detail };
  let timed: ReturnType<typeof timeSteps>;
  try {
    timed = timeSteps(request, step, () => (last === null ? NaN : last.dataSync()[0]!));
  } catch (error) {
    // A kernel the backend lacks (the wasm build has no Conv2DBackpropFilter) throws on the first step:
    // that is a finding of the benchmark, reported as such, not a failed run.
    if (!w4) throw error;
    const cannotTrain = error instanceof Error ? error.message : String(error);
    return { ...result, steps: 0, secondsPerStep: NaN, lastLoss: NaN, cannotTrain };
  }
  return { ...result, steps: timed.steps, secondsPerStep: timed.seconds / timed.steps, lastLoss: timed.lastLoss };
}

/** W1's loss: three fused matMul + bias (+ relu) layers, He-normal hidden weights, zero biases. */
function mlpLoss(d: number): (input: tf.Tensor2D, target: tf.Tensor2D) => tf.Scalar {
  const w1 = weight(d, 512, Math.sqrt(2 / d), 1);
  const b1 = tf.variable(tf.zeros([512]));
  const w2 = weight(512, 256, Math.sqrt(2 / 512), 2);
  const b2 = tf.variable(tf.zeros([256]));
  const w3 = weight(256, CLASSES, Math.sqrt(1 / 256), 3);
  const b3 = tf.variable(tf.zeros([CLASSES]));
  return (input, target) => {
    const h1 = tf.fused.matMul({ a: input, b: w1, bias: b1, activation: 'relu' });
    const h2 = tf.fused.matMul({ a: h1, b: w2, bias: b2, activation: 'relu' });
    const logits = tf.fused.matMul({ a: h2, b: w3, bias: b3 });
    return tf.losses.softmaxCrossEntropy(target, logits) as tf.Scalar;
  };
}

(window as unknown as { results: Promise<RunResult | { error: string }> }).results = run().catch((error: unknown) => ({
  error: String((error instanceof Error && error.stack) || error),
}));
