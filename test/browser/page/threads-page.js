// The wasm threads page: loads the wasm backend with threads: 2 (Web Workers from the inlined source
// on a shared memory when the page is cross-origin isolated, else 1 thread after one console warning),
// checks a product large enough to split against a 1-thread backend bitwise, and trains the notes'
// spiral net on it. Reports to window.results; the test reads them.
import * as d from './descent.js';

const SPIRAL = {
  seed: 1,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 } },
  model: [{ type: 'linear', units: 100, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }],
  loss: 'softmaxCrossEntropy', regularization: { l2: 1e-3 },
  optimizer: { type: 'sgd', lr: 1.0 }, epochs: 4000, batchSize: 300,
};

const vals = (n, seed) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 0.731));

// 256x200x130 (6.7M multiply-adds) splits across the two threads.
function sameProduct(two, one) {
  const [m, k, n] = [256, 200, 130];
  const A = vals(m * k, 1), B = vals(k * n, 2);
  const want = new Float32Array(m * n), got = new Float32Array(m * n);
  for (const [transA, transB] of [[false, false], [true, false], [false, true]]) {
    one.matmul(A, B, want, m, k, n, { transA, transB });
    two.matmul(A, B, got, m, k, n, { transA, transB });
    if (!got.every((v, i) => v === want[i])) return false;
  }
  return true;
}

async function run() {
  const wasm = await d.loadWasmBackend({ threads: 2, memoryMiB: 64 });
  const one = await d.loadWasmBackend({ threads: 1, memoryMiB: 64 });
  const bitwise = sameProduct(wasm, one);
  d.setDefaultBackend(wasm);
  try {
    const exp = d.buildExperiment(d.parseTrainConfig(SPIRAL, 'spiral.json'));
    const result = await d.fitExperiment(exp);
    const final = d.evaluate(exp.model, exp.train, exp.loss, exp.dtype);
    return {
      isolated: self.crossOriginIsolated === true, threads: wasm.info.threads, bitwise,
      status: result.status, trainAccuracy: final.accuracy, backend: wasm.name,
    };
  } finally {
    d.setDefaultBackend(d.cpuBackend);
    wasm.dispose();
  }
}

window.results = run().catch((error) => ({ error: `${error.name}: ${error.message}` }));
