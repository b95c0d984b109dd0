// momentumSchedule in a training config: linear and constant give the momentum itself, the
// multiplier-shaped types scale the optimizer's momentum, and the momentum must stay in [0, 1).
import { describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { momentumScale, momentumScheduleFor } from '../../src/optim/schedules/momentum-schedule.js';
import { errorOf } from '../helpers/config-error-of.js';

const run = { momentum: 0.9, epochs: 40 };


describe('momentumScheduleFor: each type', () => {
  it('linear is the momentum itself (the notes: 0.5 to 0.99 over 20 epochs)', () => {
    const m = momentumScheduleFor({ type: 'linear', start: 0.5, end: 0.99, epochs: 20 }, run);
    expect(m(0)).toBe(0.5);
    expect(m(10)).toBeCloseTo(0.5 + 0.49 / 2, 12); // halfway
    expect(m(30)).toBeCloseTo(0.99, 12);
  });

  it('constant is the momentum itself; its default value 1 is out of range', () => {
    expect(momentumScheduleFor({ type: 'constant', value: 0.8 }, run)(7)).toBe(0.8);
    const e = errorOf(() => momentumScheduleFor('constant', run));
    expect(e.path).toBe('momentumSchedule.value');
    expect(e.message).toContain('must stay in [0, 1)');
  });

  it('step multiplies the optimizer momentum: 0.9, then 0.45 from epoch 10', () => {
    const m = momentumScheduleFor({ type: 'step', every: 10, factor: 0.5 }, run);
    expect(m(0)).toBe(0.9);
    expect(m(9.99)).toBe(0.9);
    expect(m(15)).toBe(0.45);
  });

  it('exponential and inverseTime multiply it too', () => {
    expect(momentumScheduleFor({ type: 'exponential', k: 0.1 }, run)(10)).toBeCloseTo(
      0.9 * Math.exp(-1),
      12,
    );
    expect(momentumScheduleFor({ type: 'inverseTime', k: 0.5 }, run)(2)).toBeCloseTo(0.9 / 2, 12);
  });

  it('cosine multiplies it: 0.9 at 0, 0.45 halfway, 0 at T', () => {
    const m = momentumScheduleFor({ type: 'cosine', T: 10 }, run);
    expect(m(0)).toBeCloseTo(0.9, 12);
    expect(m(5)).toBeCloseTo(0.45, 12);
    expect(m(10)).toBeCloseTo(0, 12);
  });

  it('warmup follows its then; without one it ramps up to the optimizer momentum', () => {
    const plain = momentumScheduleFor({ type: 'warmup', epochs: 2 }, run);
    expect([plain(0), plain(1), plain(5)]).toEqual([0, 0.45, 0.9]);
    const toLinear = {
      type: 'warmup',
      epochs: 2,
      then: { type: 'linear', start: 0.5, end: 0.9, epochs: 4 },
    };
    expect(momentumScale(toLinear)).toBe('absolute');
    const a = momentumScheduleFor(toLinear, run);
    expect([a(1), a(2), a(4)]).toEqual([0.25, 0.5, 0.7]);
    const toCosine = { type: 'warmup', epochs: 2, then: { type: 'cosine', T: 10 } };
    expect(momentumScale(toCosine)).toBe('multiplier');
    expect(momentumScheduleFor(toCosine, run)(7)).toBeCloseTo(0.45, 12);
  });
});

describe('momentumScheduleFor: the momentum stays in [0, 1) over the run', () => {
  it('names the linear end or start that leaves the range', () => {
    const end = errorOf(() =>
      momentumScheduleFor({ type: 'linear', start: 0.5, end: 1.2, epochs: 20 }, run),
    );
    expect(end.path).toBe('momentumSchedule.end');
    // 0.5 + 0.7 t / 20 reaches 1 at t = 14.3: the first whole epoch past it is 15, where it is 1.025.
    expect(end.message).toContain('gives momentum 1.025 at t = 15 (epochs)');
    const start = errorOf(() =>
      momentumScheduleFor({ type: 'linear', start: -0.1, end: 0.9, epochs: 20 }, run),
    );
    expect(start.path).toBe('momentumSchedule.start');
    const nested = {
      type: 'warmup',
      epochs: 1,
      then: { type: 'linear', start: 0.5, end: 1, epochs: 3 },
    };
    expect(errorOf(() => momentumScheduleFor(nested, run)).path).toBe('momentumSchedule.then.end');
  });

  it('checks only the run: 1 would be reached at epoch 20 of a 10-epoch run', () => {
    const schedule = { type: 'linear', start: 0.5, end: 1.5, epochs: 40 };
    // 0.5 + t / 40 stays below 1 for t < 10 (0.75 at most)...
    expect(momentumScheduleFor(schedule, { momentum: 0.9, epochs: 10 })(9.5)).toBeCloseTo(
      0.7375,
      12,
    );
    // ...a 20-epoch run ends just before t = 20 and is fine...
    expect(() => momentumScheduleFor(schedule, { momentum: 0.9, epochs: 20 })).not.toThrow();
    // ...and a 21-epoch run reaches 1 at t = 20.
    const error = errorOf(() => momentumScheduleFor(schedule, { momentum: 0.9, epochs: 21 }));
    expect(error.path).toBe('momentumSchedule.end');
    expect(error.message).toContain('gives momentum 1 at t = 20');
  });

  it('a growing multiplier is caught where it crosses 1', () => {
    // 0.9 * 2^floor(t) is 0.9 in epoch 0 (a 1-epoch run is fine) and 1.8 from t = 1.
    expect(
      momentumScheduleFor(
        { type: 'step', every: 1, factor: 2 },
        { momentum: 0.9, epochs: 1 },
      )(0.99),
    ).toBe(0.9);
    const e = errorOf(() =>
      momentumScheduleFor({ type: 'step', every: 1, factor: 2 }, { momentum: 0.9, epochs: 3 }),
    );
    expect(e.path).toBe('momentumSchedule');
    expect(e.message).toContain("step multiplies the optimizer's momentum 0.9 to 1.8 at t = 1 ");
    // cosine rising to min = 1.5: 0.9 * 1.5 = 1.35 near T.
    expect(
      errorOf(() =>
        momentumScheduleFor({ type: 'cosine', T: 10, min: 1.5 }, { momentum: 0.9, epochs: 10 }),
      ).path,
    ).toBe('momentumSchedule');
  });

  it('a multiplier needs a momentum to multiply', () => {
    const e = errorOf(() =>
      momentumScheduleFor({ type: 'step', every: 5 }, { momentum: 0, epochs: 10 }),
    );
    expect(e.path).toBe('momentumSchedule');
    expect(e.message).toContain("multiplies the optimizer's momentum, which is 0");
  });
});

describe('momentumSchedule in a training config', () => {
  const base = {
    data: { source: { type: 'spiral', pointsPerClass: 10 } },
    model: [{ type: 'linear', units: 3 }],
    loss: 'softmaxCrossEntropy',
    epochs: 10,
  };

  it('cosine scales adam beta1 (0.9 by default) and sgd momentum', () => {
    const adam = parseTrainConfig(
      { ...base, optimizer: 'adam', momentumSchedule: { type: 'cosine', T: 10 } },
      'c.json',
      '/',
    );
    expect(buildExperiment(adam).momentumSchedule!(5)).toBeCloseTo(0.45, 12);
    const sgd = parseTrainConfig(
      {
        ...base,
        optimizer: { type: 'sgd', momentum: 0.8 },
        momentumSchedule: { type: 'step', every: 5, factor: 0.5 },
      },
      'c.json',
      '/',
    );
    expect(buildExperiment(sgd).momentumSchedule!(6)).toBeCloseTo(0.4, 12);
  });

  it('is rejected at config time, with the config file, when out of range or without a momentum', () => {
    const bad = () =>
      parseTrainConfig(
        {
          ...base,
          optimizer: { type: 'sgd', momentum: 0.9 },
          momentumSchedule: { type: 'step', every: 2, factor: 1.2 },
        },
        'c.json',
        '/',
      );
    // 0.9 * 1.2^4 = 1.866 in epoch 8.
    expect(errorOf(bad).message).toMatch(/^c\.json: momentumSchedule: step multiplies/);
    const plain = () =>
      parseTrainConfig(
        { ...base, optimizer: 'sgd', momentumSchedule: { type: 'cosine', T: 10 } },
        'c.json',
        '/',
      );
    expect(errorOf(plain).message).toContain('which is 0');
    const none = () =>
      parseTrainConfig(
        { ...base, optimizer: 'rmsprop', momentumSchedule: { type: 'cosine', T: 10 } },
        'c.json',
        '/',
      );
    expect(errorOf(none).message).toContain('the rmsprop optimizer has no momentum to schedule');
  });
});
