// The checks that need no data run before any data is loaded, report every bad section at once,
// and cover the metrics that early stopping and reduceOnPlateau read.
import { describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import type { TrainConfig } from '../../src/config/schema.js';
import { errorOf } from '../helpers/config-error-of.js';

const base = {
  data: { source: 'spiral' },
  model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.1 },
  epochs: 2,
};


const parseError = (input: unknown) => errorOf(() => parseTrainConfig(input, 'cfg.json', '/data'));

/** Every bad section of the audit's config: a CSV that does not exist is never opened. */
const audit = {
  ...base,
  data: { source: { type: 'csv', path: '/no/such/dir/missing.csv', label: 'y' } },
  model: [{ type: 'linaer', units: 4 }],
  optimizer: { type: 'sgd', lr: -0.5 },
  schedule: { type: 'cosine' },
};

describe('checks before the data', () => {
  it('parseTrainConfig reports the layer, the lr and the schedule together, and not the CSV', () => {
    const e = parseError(audit);
    expect(e.path).toBe('model.0.type');
    expect(e.message).toMatch(/^cfg\.json: model\.0\.type: unknown layer type 'linaer'/);
    expect(e.message).toContain("did you mean 'linear'");
    expect(e.message).toContain('\n  also optimizer.lr: ');
    expect(e.message).toContain('-0.5');
    expect(e.message).toContain('\n  also schedule.T: missing');
    expect(e.message).not.toContain('missing.csv');
  });

  it('buildExperiment checks a config made in code before loading its data', () => {
    const config = audit as unknown as TrainConfig;
    const e = errorOf(() => buildExperiment(config));
    expect(e.path).toBe('model.0.type');
    expect(e.message).toContain('also optimizer.lr');
    expect(e.message).toContain('also schedule.T');
  });

  it('lists schema errors and deep errors in one message', () => {
    const e = parseError({ ...base, epochs: 0, optimizer: { type: 'adam', beta1: 1 } });
    expect(e.path).toBe('epochs');
    expect(e.message).toContain('also optimizer.beta1');
  });

  it('checks preprocessing steps, the momentum schedule and the loss options before the data', () => {
    const bad = { ...audit, model: base.model, optimizer: base.optimizer, schedule: undefined };
    expect(parseError({ ...bad, data: { ...bad.data, preprocess: ['standardise'] } }).path).toMatch(
      /^data\.preprocess\.0/,
    );
    expect(
      parseError({ ...bad, momentumSchedule: { type: 'linear', start: 0.5, epochs: 5 } }).path,
    ).toBe('momentumSchedule.end');
    expect(parseError({ ...bad, loss: { type: 'mse', delta: 1 } }).path).toBe('loss.delta');
    expect(parseError({ ...bad, optimizer: { type: 'lbfgs', history: 0 } }).path).toBe('optimizer.history');
  });
});

describe('metrics of early stopping and reduceOnPlateau', () => {
  it('a validation metric needs data.validation', () => {
    const e = parseError({ ...base, earlyStopping: { metric: 'valAccuracy', patience: 3 } });
    expect(e.path).toBe('earlyStopping.metric');
    expect(e.message).toContain(
      'valAccuracy needs a validation split: add "validation": 0.2 to the data section',
    );
    const plateau = { type: 'reduceOnPlateau', metric: 'valLoss', patience: 2 };
    const p = parseError({ ...base, schedule: plateau });
    expect(p.path).toBe('schedule.metric');
    expect(p.message).toContain('valLoss needs a validation split');
    const withSplit = { ...base, data: { source: 'spiral', validation: 0.2 } };
    expect(() =>
      parseTrainConfig(
        { ...withSplit, schedule: plateau, earlyStopping: { metric: 'valAccuracy', patience: 3 } },
        'c.json',
      ),
    ).not.toThrow();
  });

  it('reduceOnPlateau watches only a recorded metric', () => {
    const e = parseError({
      ...base,
      schedule: { type: 'reduceOnPlateau', metric: 'trainLos', patience: 2 },
    });
    expect(e.path).toBe('schedule.metric');
    expect(e.message).toContain('"trainLos" is not a recorded metric');
    expect(e.message).toContain("did you mean 'trainLoss'");
    // 'lr' is in every epoch record, but it is not a figure of merit.
    expect(
      parseError({ ...base, schedule: { type: 'reduceOnPlateau', metric: 'lr', mode: 'min' } })
        .path,
    ).toBe('schedule.metric');
  });

  it('an accuracy needs a classification loss', () => {
    const regression = { ...base, loss: 'mse', model: [{ type: 'linear', units: 1 }] };
    const e = parseError({
      ...regression,
      earlyStopping: { metric: 'trainAccuracy', patience: 3 },
    });
    expect(e.path).toBe('earlyStopping.metric');
    expect(e.message).toContain('use trainLoss');
    expect(() =>
      parseTrainConfig(
        { ...regression, earlyStopping: { metric: 'trainLoss', patience: 3 } },
        'c.json',
      ),
    ).not.toThrow();
  });
});
