// Training a small net on the wasm backend, with its parameters, gradients, Adam's moments and step
// buffers resident in the module's memory, reaches the accuracy and loss the TypeScript backend reaches from the same
// start; a separable 3-class task whose labels come from a fixed linear map written here.
import { describe, expect, it } from 'vitest';
import { backward } from '../../src/autograd/backward.js';
import type { Backend } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { loadWasmBackend } from '../../src/backend/wasm/index.js';
import { withBackend } from '../../src/context.js';
import { batchIndices } from '../../src/data/batch-indices.js';
import type { Dataset } from '../../src/data/dataset.js';
import { lossByName } from '../../src/losses/loss-by-name.js';
import { buildModel } from '../../src/nn/from-config.js';
import { adam } from '../../src/optim/aliases.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import { BufferPool } from '../../src/tensor/buffer-pool.js';
import { Rng } from '../../src/tensor/rng.js';
import { batchOf, type TrainingData } from '../../src/train/batch.js';
import { evaluate } from '../../src/train/evaluate.js';

const N = 300, D = 6, CLASSES = 3;

/** x[r][j] = sin(1.3 r + 0.7 j), label = argmax_c sum_j cos(c + 2 j) x[r][j]. */
function data(): TrainingData {
  const x = new Float32Array(N * D);
  const y = new Float32Array(N);
  for (let r = 0; r < N; r++) {
    let best = 0, bestScore = -Infinity;
    for (let j = 0; j < D; j++) x[r * D + j] = Math.sin(1.3 * r + 0.7 * j);
    for (let c = 0; c < CLASSES; c++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += Math.cos(c + 2 * j) * x[r * D + j]!;
      if (s > bestScore) { best = c; bestScore = s; }
    }
    y[r] = best;
  }
  const ds: Dataset = { x, n: N, d: D, y, yDim: 1, classes: CLASSES, source: 'inline' };
  return { ds, labels: Int32Array.from(y) };
}

function train(backend: Backend): { accuracy: number; loss: number; buffers: ArrayBufferLike[] } {
  return withBackend(backend, () => {
    const trainData = data();
    const loss = lossByName('softmaxCrossEntropy');
    const model = buildModel([{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: CLASSES }],
      { inputSize: D, seed: 3, dtype: 'float32', outputSize: CLASSES });
    const optimizer = new Optimizer(model.parameters(), adam({ lr: 0.02 }));
    const pool = new BufferPool();
    const rng = new Rng(5);
    for (let epoch = 0; epoch < 40; epoch++) {
      for (const idx of batchIndices(N, 32, rng)) {
        pool.run(() => {
          const batch = batchOf(trainData, idx, 'float32');
          const l = loss.fn(model.forward(batch.x), batch.target);
          optimizer.zeroGrad();
          backward(l);
          optimizer.step();
        });
        pool.endStep();
      }
    }
    const result = evaluate(model, trainData, loss, 'float32');
    const params = model.parameters();
    return { accuracy: result.accuracy!, loss: result.loss, buffers: [...params, ...params.map((p) => p.grad!)].map((t) => t.data.buffer) };
  });
}

describe('training on the wasm backend with resident tensors', () => {
  it('matches the TypeScript backend\'s accuracy and loss, with parameters and gradients in the module memory', async () => {
    const wasm = await loadWasmBackend({ relaxed: false, memoryMiB: 8 });
    // Adam's moments are made where the parameters are, so its fused update copies nothing in or out.
    let adamCopies = 0, adamCalls = 0;
    const counted: Backend = {
      ...wasm,
      adamUpdate: (...args) => {
        const before = wasm.arena.copiesIn + wasm.arena.copiesOut;
        wasm.adamUpdate(...args);
        adamCopies += wasm.arena.copiesIn + wasm.arena.copiesOut - before;
        adamCalls++;
      },
    };
    const onWasm = train(counted);
    expect(adamCalls).toBeGreaterThan(0);
    expect(adamCopies).toBe(0);
    const onCpu = train(cpuBackend);
    for (const b of onWasm.buffers) expect(b).toBe(wasm.memory.buffer);
    for (const b of onCpu.buffers) expect(b).not.toBe(wasm.memory.buffer);
    expect(onCpu.accuracy).toBeGreaterThan(0.9);
    expect(Math.abs(onWasm.accuracy - onCpu.accuracy)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(onWasm.loss - onCpu.loss)).toBeLessThanOrEqual(0.02 * onCpu.loss + 1e-3);
  });
});
