// Which weights fit keeps when the loss stops being finite. A step's loss is computed from the
// weights before its update, so a non-finite loss at the first step of epoch e (always the case
// with full-batch training) condemns the weights epoch e-1 ended with: the model must go back to
// the end of epoch e-2. The oracle for "good" is a float64 cross-entropy written out in the test.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { trainFromConfig } from '../../src/config/node/train-run.js';
import { lossByName } from '../../src/losses/loss-by-name.js';
import { linear } from '../../src/nn/layers/linear.js';
import { sequential } from '../../src/nn/layers/sequential.js';
import { optimizerFromConfig } from '../../src/optim/from-config.js';
import { Rng } from '../../src/tensor/rng.js';
import type { TrainingData } from '../../src/train/batch.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/train/checkpoint.js';
import { fit, type FitOptions } from '../../src/train/fit.js';
import { loadModel } from '../../src/train/node/model-file.js';
import type { EpochEvent } from '../../src/train/run-log.js';
import { crossEntropy64, forward64, relClose, type Values } from './reference-mlp.js';

const SPIRAL_NET = [{ type: 'linear', units: 100, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }];
const PLAN = ['linear', 'relu', 'linear'] as const;

describe('fit diverging with full-batch training and no validation split', () => {
  it('keeps the weights whose training loss is finite and names their epoch', async () => {
    const raw = {
      seed: 1,
      data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 } },
      model: SPIRAL_NET, loss: 'softmaxCrossEntropy', regularization: { l2: 1e-3 },
      optimizer: { type: 'sgd', lr: 1e6 }, epochs: 200, batchSize: 300,
    };
    const file = join(mkdtempSync(join(tmpdir(), 'descent-div-')), 'div.json');
    const config = parseTrainConfig(raw, file);
    const summary = await trainFromConfig(config, { outDir: join(file, '..', 'run'), checkpointEvery: 0 });
    expect(summary.status).toBe('diverged');
    const logged = readFileSync(join(summary.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l) as EpochEvent).filter((e) => e.type === 'epoch');
    const last = logged.length;
    expect(summary.epochs).toBe(last);
    expect(last).toBeGreaterThan(1);
    // One step per epoch: the NaN came at the first step of epoch last+1, from the weights epoch
    // `last` ended with, so the model goes back to the end of epoch last-1.
    expect(summary.message).toContain(`the first of epoch ${last + 1}`);
    expect(summary.message).toContain(`restored to the end of epoch ${last - 1}`);
    expect(summary.message).toMatch(/lower learning rate/);

    const { model } = loadModel(join(summary.runDir, 'model.json'));
    const state = model.stateDict() as Values;
    for (const t of Object.values(state)) for (const v of Array.from(t.data)) expect(Number.isFinite(v)).toBe(true);
    const train = buildExperiment(config).train;
    const { out, k } = forward64(state, PLAN, train.ds.x, train.ds.n, train.ds.d);
    const ref = crossEntropy64(out, train.ds.n, k, train.labels!);
    expect(Number.isFinite(ref.loss)).toBe(true);
    // The full-batch loss recorded for epoch `last` was computed from the weights of the end of
    // epoch last-1: the restored model's loss is that figure.
    expect(relClose(ref.loss, logged[last - 1]!.trainLoss, 1e-3), `${ref.loss} vs ${logged[last - 1]!.trainLoss}`).toBe(true);
    expect(summary.trainLoss).not.toBeNull();
    expect(relClose(summary.trainLoss, ref.loss, 1e-3)).toBe(true);
  });
});

/** Least squares y = 2x on one feature. */
const reg = (x: number[]): TrainingData => ({
  ds: { x: Float32Array.from(x), n: x.length, d: 1, y: Float32Array.from(x, (v) => 2 * v), yDim: 1, source: 'inline' },
  labels: null,
});
const mse = lossByName('mse');

function regression(lr: number, batchSize: number): FitOptions {
  const model = sequential(linear(1, 1, { rng: new Rng(3) }));
  const optimizer = optimizerFromConfig({ type: 'sgd', lr }).create(model.namedParameters());
  return { model, loss: mse, optimizer, train: reg([-2, -1, 1, 2]), epochs: 100, batchSize, rng: new Rng(2) };
}

const weights = (o: FitOptions): number[] => o.model.parameters().flatMap((p) => Array.from(p.data));

describe('fit diverging: which snapshot is restored', () => {
  it('a non-finite loss after the first step of an epoch restores the end of the epoch before', async () => {
    // Four rows in batches of one: each step multiplies the error by about 1 - 2 lr x^2, so it
    // overflows in the middle of some epoch; record every epoch's weights to compare.
    const o = regression(60, 1);
    const ends: number[][] = [weights(o)];
    const r = await fit({ ...o, callbacks: { onEpoch: () => void ends.push(weights(o)) } });
    expect(r.status).toBe('diverged');
    const m = /at step (\d+) \(epoch (\d+)\); the model was restored to the end of epoch (\d+)/.exec(r.message ?? '');
    expect(m, r.message).not.toBeNull();
    const [step, epoch, restored] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(step % 4).not.toBe(1); // not the first of its epoch
    expect(epoch).toBe(Math.ceil(step / 4));
    expect(restored).toBe(epoch - 1);
    expect(r.restoredEpoch).toBe(restored);
    expect(weights(o)).toEqual(ends[restored]);
  });

  it('a non-finite loss at the first step of epoch 1 or 2 restores the initial weights', async () => {
    // lr 1e30: one full-batch update takes the weights to about 1e30, whose squared error
    // overflows float32 at the next step (the first of epoch 2).
    const big = regression(1e30, 4);
    const start = weights(big);
    const r2 = await fit(big);
    expect(r2.status).toBe('diverged');
    expect(r2.message).toContain('the first of epoch 2 (computed from the weights epoch 1 ended with)');
    expect(r2.message).toContain('restored to its initial weights');
    expect([r2.restoredEpoch, r2.epochs]).toEqual([0, 1]);
    expect(weights(big)).toEqual(start);
    // Initial weights that already give an infinite loss: nothing to go back to but themselves.
    const o = regression(0.1, 4);
    const huge = { ...o, train: reg([-2, -1, 1, 3e38]) };
    const initial = weights(o);
    const r = await fit(huge);
    expect(r.message).toContain('the first of epoch 1 (computed from the initial weights)');
    expect(r.epochs).toBe(0);
    expect(weights(o)).toEqual(initial);
  });

  it('after a resume from a checkpoint, restores bitwise what the uninterrupted run restores', async () => {
    const whole = regression(200, 4);
    const saved: string[] = [];
    const r = await fit({ ...whole, checkpoint: { save: (s) => void saved.push(encodeCheckpoint(s)) } });
    expect(r.status).toBe('diverged');
    const e = r.epochs; // the last finite epoch; epoch e+1's first step diverged
    expect(e).toBeGreaterThanOrEqual(2);
    expect(r.restoredEpoch).toBe(e - 1);
    const state = decodeCheckpoint(saved[e - 1]!);
    expect(state.epoch).toBe(e);
    expect(state.previousModel).toBeDefined();

    const again = regression(200, 4);
    const resumed = await fit({ ...again, resume: state });
    expect(resumed.restoredEpoch).toBe(e - 1);
    expect(resumed.message).toBe(r.message);
    expect(weights(again)).toEqual(weights(whole));

    // A checkpoint written before previousModel was stored: the initial weights, said so.
    const { previousModel: _, ...old } = state;
    const fresh = regression(200, 4);
    const initial = weights(fresh);
    const fallback = await fit({ ...fresh, resume: old });
    expect(fallback.message).toContain('restored to its initial weights');
    expect(weights(fresh)).toEqual(initial);
  });
});

describe('fit diverging on the validation loss', () => {
  it('a record with a non-finite validation loss restores the end of the epoch before', async () => {
    // A validation row at x = 1e15: its squared error overflows float32 once |w - 2| passes about
    // 2e4, long before the training rows' does, so every step stays finite and the epoch's record
    // is what catches it.
    // Early stopping is on: its best epoch must not be reported, since the model does not hold it.
    const o: FitOptions = { ...regression(200, 4), validation: reg([1e15]), earlyStopping: { metric: 'valLoss', patience: 100 } };
    const ends: number[][] = [weights(o)];
    const r = await fit({ ...o, callbacks: { onEpoch: () => void ends.push(weights(o)) } });
    expect(r.status).toBe('diverged');
    const m = /^the validation loss became (Infinity|NaN) at epoch (\d+); the model was restored to the end of epoch (\d+)/.exec(r.message ?? '');
    expect(m, r.message).not.toBeNull();
    const epoch = Number(m![2]);
    expect(epoch).toBeGreaterThanOrEqual(2);
    expect(Number(m![3])).toBe(epoch - 1);
    expect([r.restoredEpoch, r.epochs]).toEqual([epoch - 1, epoch - 1]);
    expect(r.bestEpoch).toBeUndefined();
    expect(weights(o)).toEqual(ends[epoch - 1]);
  });
});
