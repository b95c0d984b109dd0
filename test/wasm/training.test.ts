// The wasm backend trains: the notes' spiral net reaches the accuracy the TypeScript backend reaches,
// digits lands within 2 points of cpuBackend in float32, and a fixed seed on one thread gives bitwise
// identical weights run to run.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { loadWasmBackend } from '../../src/backend/wasm/index.js';
import { runW1 } from '../../src/cli/bench/w1.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import type { TrainConfig } from '../../src/config/schema.js';
import { defaultBackend, setDefaultBackend } from '../../src/context.js';
import { evaluate } from '../../src/train/evaluate.js';
import { fit } from '../../src/train/fit.js';

/** Trains `raw` on `backend` and returns the accuracy on the validation set (else the training set). */
async function trainedAccuracy(raw: unknown, backend: Backend): Promise<number> {
  const previous = defaultBackend();
  setDefaultBackend(backend);
  try {
    const config: TrainConfig = parseTrainConfig(raw, 'inline.json', process.cwd());
    const exp = buildExperiment(config);
    expect(exp.dtype).toBe('float32');
    await fit({
      model: exp.model, loss: exp.loss, optimizer: exp.optimizer, train: exp.train, epochs: config.epochs,
      batchSize: exp.batchSize, rng: exp.shuffleRng, dtype: exp.dtype,
      ...(exp.schedule === undefined ? {} : { schedule: exp.schedule }),
    });
    return evaluate(exp.model, exp.validation ?? exp.train, exp.loss, exp.dtype).accuracy!;
  } finally {
    setDefaultBackend(previous);
  }
}

/** examples/spiral.json (the notes' two-layer net, full-batch SGD) with `epochs` steps instead of 10,000. */
const spiral = (epochs: number): unknown => ({
  seed: 1,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 } },
  model: [{ type: 'linear', units: 100, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }],
  loss: 'softmaxCrossEntropy', regularization: { l2: 1e-3 }, optimizer: { type: 'sgd', lr: 1.0 }, epochs, batchSize: 300,
});

// examples/digits.json, 8 epochs, no dropout or early stopping.
const DIGITS = {
  seed: 3,
  data: { source: 'digits', validation: 0.2, preprocess: ['standardize'] },
  model: [{ type: 'linear', units: 64, init: 'he' }, 'relu', { type: 'linear', units: 10 }],
  loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.003 }, epochs: 8, batchSize: 64,
};

describe('training on the wasm backend', () => {
  const wasm = loadWasmBackend({ relaxed: false });

  it('reaches the notes\' spiral accuracy (>= 97%), tracking the TypeScript backend step for step', async () => {
    const be = await wasm;
    // The same 300 steps on both backends end at the same accuracy (to 2 points)...
    const ts = await trainedAccuracy(spiral(300), cpuBackend);
    const w = await trainedAccuracy(spiral(300), be);
    expect(ts).toBeGreaterThan(0.6); // chance is 1/3
    expect(Math.abs(w - ts)).toBeLessThanOrEqual(0.02);
    // ...and run on, the wasm backend reaches what the notes' net reaches on the TypeScript backend (~98%).
    expect(await trainedAccuracy(spiral(1500), be)).toBeGreaterThanOrEqual(0.97);
  });

  it('reaches cpuBackend\'s float32 validation accuracy on digits, to 2 points', async () => {
    const ts = await trainedAccuracy(DIGITS, cpuBackend);
    const w = await trainedAccuracy(DIGITS, await wasm);
    expect(ts).toBeGreaterThan(0.9);
    expect(Math.abs(w - ts)).toBeLessThanOrEqual(0.02);
  });

  it('gives bitwise identical weights run to run with a fixed seed on 1 thread', async () => {
    const be = await wasm;
    expect(be.info.threads).toBe(1);
    // Copied out at once: parameters living in the module's memory could be reused by the next run.
    const run = (steps: number): Uint8Array[] => runW1({ backend: be, epochs: 1, steps, synthetic: true, syntheticRows: 1000, seed: 5 })
      .parameters.map((p) => new Uint8Array(Float32Array.from(p.data).buffer));
    const a = run(2);
    const b = run(2);
    expect(a.length).toBe(6);
    for (let i = 0; i < a.length; i++) expect(Buffer.compare(a[i]!, b[i]!), `parameter ${i}`).toBe(0);
    // ...and a step changes them (two untouched initializations would compare equal trivially).
    const c = run(3);
    expect(Buffer.compare(c[0]!, a[0]!)).not.toBe(0);
  });
});
