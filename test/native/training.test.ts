// The native backend trains to the TypeScript backend's accuracy (spiral, digits), and a fixed-seed
// run on 1 thread gives bitwise identical parameters run to run.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { loadNativeBackend } from '../../src/backend/native/index.js';
import { runW1 } from '../../src/cli/bench/w1.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import type { TrainConfig } from '../../src/config/schema.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { defaultBackend, setDefaultBackend } from '../../src/context.js';
import { evaluate } from '../../src/train/evaluate.js';
import { fit } from '../../src/train/fit.js';

const native = loadNativeBackend({ threads: 2 });
const native1 = loadNativeBackend({ threads: 1 });

/** Trains `raw` on `backend` and returns the training-set accuracy at the end. */
async function trainedAccuracy(raw: unknown, backend: Backend): Promise<number> {
  const previous = defaultBackend();
  setDefaultBackend(backend);
  try {
    const config: TrainConfig = parseTrainConfig(raw, 'inline.json', process.cwd());
    const exp = buildExperiment(config);
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

// examples/spiral.json with 300 epochs instead of 10,000.
const SPIRAL = {
  seed: 1,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 } },
  model: [{ type: 'linear', units: 100, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }],
  loss: 'softmaxCrossEntropy', regularization: { l2: 1e-3 }, optimizer: { type: 'sgd', lr: 1.0 }, epochs: 300, batchSize: 300,
};

// examples/digits.json, 8 epochs, no dropout or early stopping.
const DIGITS = {
  seed: 3,
  data: { source: 'digits', validation: 0.2, preprocess: ['standardize'] },
  model: [{ type: 'linear', units: 64, init: 'he' }, 'relu', { type: 'linear', units: 10 }],
  loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.003 }, epochs: 8, batchSize: 64,
};

describe.skipIf(native === null || native1 === null)('training on the native backend', () => {
  it('reaches the TypeScript backend accuracy on the spiral', async () => {
    const ts = await trainedAccuracy(SPIRAL, cpuBackend);
    const nat = await trainedAccuracy(SPIRAL, native!);
    expect(ts).toBeGreaterThan(0.75); // the notes reach ~98% after 10,000 steps; chance is 1/3
    expect(Math.abs(nat - ts)).toBeLessThanOrEqual(0.02);
  });

  it('reaches the TypeScript backend validation accuracy on digits', async () => {
    const ts = await trainedAccuracy(DIGITS, cpuBackend);
    const nat = await trainedAccuracy(DIGITS, native!);
    expect(ts).toBeGreaterThan(0.9);
    expect(Math.abs(nat - ts)).toBeLessThanOrEqual(0.02);
  });

  it('gives bitwise identical parameters run to run with a fixed seed on 1 thread', () => {
    const run = () => runW1({ backend: native1!, epochs: 1, steps: 4, synthetic: true, syntheticRows: 3000, seed: 5 }).parameters;
    const a = run();
    const b = run();
    expect(a.length).toBe(6);
    for (let i = 0; i < a.length; i++) {
      const x = new Uint8Array(a[i]!.data.buffer, a[i]!.data.byteOffset, a[i]!.data.byteLength);
      const y = new Uint8Array(b[i]!.data.buffer, b[i]!.data.byteOffset, b[i]!.data.byteLength);
      expect(Buffer.compare(Buffer.from(x), Buffer.from(y))).toBe(0);
    }
    // ...and the run changed them (a test that compared two untouched initializations would pass trivially).
    const c = runW1({ backend: native1!, epochs: 1, steps: 5, synthetic: true, syntheticRows: 3000, seed: 5 }).parameters;
    expect(Array.from(c[0]!.data.subarray(0, 64))).not.toEqual(Array.from(a[0]!.data.subarray(0, 64)));
  });
});
