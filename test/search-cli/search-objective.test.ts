// The train<->search glue in one process: a trial's config, its per-epoch reports, pruning, and a
// bad param surfacing as a clear error.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import {
  runTrainTrial,
  trainObjective,
  trialConfig,
  type TrainObjectiveContext,
} from '../../src/config/node/search-objective.js';
import type { Intermediate, Trial } from '../../src/search/trial.js';
import { search } from '../../src/search/node/search.js';
import { logUniform } from '../../src/search/space.js';
import { isTrialPruned } from '../../src/search/trial-pruned.js';
import { tempDir, writeJson } from './helpers.js';

const BASE = {
  seed: 2,
  data: { source: 'digits', validation: 0.2, preprocess: ['standardize'] },
  model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 10 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.01 },
  epochs: 2,
  batchSize: 128,
};
const dir = tempDir('objective');
const context: TrainObjectiveContext = {
  baseFile: writeJson(dir, 'base.json', BASE),
  base: BASE,
  metric: 'valAccuracy',
};

/** An in-process trial that records reports and answers shouldPrune from `prune`. */
function fakeTrial(
  prune: (reports: Intermediate[]) => boolean,
  epochs?: number,
): Trial & { reports: Intermediate[] } {
  const reports: Intermediate[] = [];
  return {
    number: 0,
    params: {},
    stage: 0,
    epochs,
    reports,
    report: (step, value) => void reports.push({ step, value }),
    shouldPrune: () => Promise.resolve(prune(reports)),
  };
}

describe('trialConfig', () => {
  it('writes params into a copy of the base and sets the stage epochs', () => {
    const config = trialConfig(context, { 'optimizer.lr': 0.5, 'model.0.units': 16 }, 5);
    expect(config.optimizer).toEqual({ type: 'sgd', lr: 0.5 });
    expect(config.model[0]).toEqual({ type: 'linear', units: 16 });
    expect(config.epochs).toBe(5);
    expect(BASE.optimizer.lr).toBe(0.01);
  });

  it('names the base file and field when a param makes the config invalid', () => {
    expect(() => trialConfig(context, { batchSize: 0 })).toThrow(ConfigError);
    expect(() => trialConfig(context, { batchSize: 0 })).toThrow(
      `${join(dir, 'base.json')}: batchSize:`,
    );
  });
});

describe('runTrainTrial', () => {
  it('reports the metric after every epoch and returns the final one', async () => {
    const trial = fakeTrial(() => false, 3);
    const value = await runTrainTrial(context, { 'optimizer.lr': 0.3 }, trial);
    expect(trial.reports.map((r) => r.step)).toEqual([1, 2, 3]);
    // No early stopping: the final evaluation sees the model of the last epoch.
    expect(value).toBeCloseTo(trial.reports[2]!.value, 12);
    // 20% of 1,797 digits is 359 (rounded down): an accuracy is a multiple of 1/359.
    expect(Math.abs(value * 359 - Math.round(value * 359))).toBeLessThan(1e-6);
    expect(value).toBeGreaterThan(0.8);
  });

  it('scores a diverging learning rate on its last finite model instead of failing', async () => {
    const trial = fakeTrial(() => false);
    const value = await runTrainTrial(context, { 'optimizer.lr': 1e6 }, trial);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeLessThan(0.5);
  });

  it('stops with TrialPruned as soon as the pruner says so', async () => {
    const trial = fakeTrial((r) => r.length >= 1);
    const error = await runTrainTrial(context, {}, trial).catch((e: unknown) => e);
    expect(isTrialPruned(error)).toBe(true);
    expect(trial.reports).toHaveLength(1);
  });

  it('minimizes the validation loss when asked for it: a loss, not an accuracy', async () => {
    const value = await runTrainTrial(
      { ...context, metric: 'valLoss' },
      {},
      fakeTrial(() => false, 1),
    );
    expect(value).toBeGreaterThan(0);
    // Ten classes, barely trained: the loss is near ln 10 = 2.30, far above any accuracy.
    expect(value).toBeGreaterThan(1);
    expect(value).toBeLessThan(3);
  });
});

describe('trainObjective in a coarse-to-fine search', () => {
  it('trains each stage for its epoch budget (one report per epoch)', async () => {
    const result = await search({
      space: { 'optimizer.lr': logUniform(0.01, 1) },
      base: BASE,
      objective: trainObjective(context),
      method: {
        type: 'coarseToFine',
        stages: [
          { trials: 2, epochs: 1 },
          { trials: 1, epochs: 3 },
        ],
      },
      direction: 'maximize',
      seed: 4,
    });
    const byStage = result.trials.map((t) => [t.stage, t.intermediate.map((i) => i.step)]);
    expect(byStage).toEqual([
      [0, [1]],
      [0, [1]],
      [1, [1, 2, 3]],
    ]);
  });
});
