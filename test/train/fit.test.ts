// fit(): early stopping keeps the best epoch's weights, divergence restores the last finite ones,
// and the per-epoch records agree with an independent evaluation of the model.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { lossByName } from '../../src/losses/loss-by-name.js';
import { linear } from '../../src/nn/layers/linear.js';
import { sequential } from '../../src/nn/layers/sequential.js';
import { optimizerFromConfig } from '../../src/optim/from-config.js';
import { Rng } from '../../src/tensor/rng.js';
import type { TrainingData } from '../../src/train/batch.js';
import { evaluate } from '../../src/train/evaluate.js';
import { fit } from '../../src/train/fit.js';

const ce = lossByName('softmaxCrossEntropy');

/** One feature, two classes: rows x with labels y. */
function data(x: number[], y: number[]): TrainingData {
  const ds: Dataset = { x: Float32Array.from(x), n: x.length, d: 1, y: Float32Array.from(y), yDim: 1, source: 'inline', classes: 2 };
  return { ds, labels: Int32Array.from(y) };
}

// Separable training rows: gradient descent grows the weight without bound. The validation rows
// are mostly the same pattern plus two mislabelled points near the boundary: their loss grows
// linearly in the weight while the others' shrinks to 0, so the validation loss falls, then rises.
const train = data([-2, -1, 1, 2], [0, 0, 1, 1]);
const validation = data([-2, -1.5, 1.5, 2, 0.5, -0.5], [0, 0, 1, 1, 0, 1]);

function setup(seed: number, lr: number) {
  const model = sequential(linear(1, 2, { init: 'small', rng: new Rng(seed) }));
  const optimizer = optimizerFromConfig({ type: 'sgd', lr }).create(model.namedParameters());
  return { model, optimizer };
}

describe('fit with early stopping', () => {
  it('the constructed validation loss really falls and then rises (no early stopping)', async () => {
    const { model, optimizer } = setup(1, 0.5);
    const r = await fit({ model, loss: ce, optimizer, train, validation, epochs: 60, batchSize: 4, rng: new Rng(2) });
    const v = r.history.map((e) => e.valLoss!);
    const best = v.indexOf(Math.min(...v));
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(v.length - 10);
    expect(v.at(-1)!).toBeGreaterThan(v[best]! + 0.05);
  });

  it('stops after `patience` epochs without improvement and restores the best epoch', async () => {
    const { model, optimizer } = setup(1, 0.5);
    const patience = 4;
    const r = await fit({
      model, loss: ce, optimizer, train, validation, epochs: 200, batchSize: 4, rng: new Rng(2),
      earlyStopping: { metric: 'valLoss', patience },
    });
    expect(r.status).toBe('stopped-early');
    const v = r.history.map((e) => e.valLoss!);
    // The best epoch (1-based) is where the recorded validation loss was lowest...
    const bestEpoch = v.indexOf(Math.min(...v)) + 1;
    expect(r.bestEpoch).toBe(bestEpoch);
    // ...training ran exactly `patience` epochs past it...
    expect(r.epochs).toBe(bestEpoch + patience);
    expect(r.history).toHaveLength(bestEpoch + patience);
    // ...and the model now holds that epoch's weights: evaluating it again gives that epoch's figure,
    // not the last epoch's (which is worse).
    const now = evaluate(model, validation, ce, 'float32');
    expect(now.loss).toBeCloseTo(v[bestEpoch - 1]!, 6);
    expect(now.loss).toBeLessThan(v.at(-1)!);
  });

  it('minDelta: improvements smaller than it do not count', async () => {
    const { model, optimizer } = setup(1, 0.5);
    const r = await fit({
      model, loss: ce, optimizer, train, validation, epochs: 200, batchSize: 4, rng: new Rng(2),
      earlyStopping: { metric: 'valLoss', patience: 3, minDelta: 10 },
    });
    // Nothing beats epoch 1 by 10 nats: stop after epoch 1 + 3, with epoch 1's weights.
    expect(r.bestEpoch).toBe(1);
    expect(r.epochs).toBe(4);
    expect(evaluate(model, validation, ce, 'float32').loss).toBeCloseTo(r.history[0]!.valLoss!, 6);
  });
});

describe('fit on divergence', () => {
  // Least squares with a step far past 1/L: each update multiplies the error by about -1000, so the
  // float32 weights overflow to Infinity (then NaN) after a handful of finite epochs.
  const reg = (x: number[]): TrainingData => ({
    ds: { x: Float32Array.from(x), n: x.length, d: 1, y: Float32Array.from(x, (v) => 2 * v), yDim: 1, source: 'inline' },
    labels: null,
  });
  it('stops at a non-finite loss and restores the last epoch whose losses were finite', async () => {
    const model = sequential(linear(1, 1, { rng: new Rng(3) }));
    const optimizer = optimizerFromConfig({ type: 'sgd', lr: 200 }).create(model.namedParameters());
    const mse = lossByName('mse');
    const val = reg([-1.5, 0.5, 3]);
    const r = await fit({ model, loss: mse, optimizer, train: reg([-2, -1, 1, 2]), validation: val, epochs: 100, batchSize: 4, rng: new Rng(2) });
    expect(r.status).toBe('diverged');
    expect(r.message).toMatch(/became (NaN|Infinity)/);
    expect(r.message).toMatch(/lower learning rate/);
    // Some epochs finished before the blow-up, and all of them are in the history.
    expect(r.history.length).toBeGreaterThan(1);
    const good = r.history.filter((e) => Number.isFinite(e.trainLoss) && Number.isFinite(e.valLoss));
    expect(r.epochs).toBe(good.length);
    for (const p of model.parameters()) for (const v of p.data) expect(Number.isFinite(v)).toBe(true);
    // The model holds the weights of the last good epoch: its validation loss is that epoch's.
    const last = good.at(-1)!;
    expect(evaluate(model, val, mse, 'float32').loss).toBeCloseTo(last.valLoss!, 6);
  });
});
