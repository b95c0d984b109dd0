import { describe, expect, it } from 'vitest';
import {
  momentumScheduleFromConfig,
  optimizerFromConfig,
  scheduleFromConfig,
} from '../../src/optim/from-config.js';
import { LBFGS } from '../../src/optim/lbfgs.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import { ReduceOnPlateau } from '../../src/optim/schedules/reduce-on-plateau.js';
import type { Schedule } from '../../src/optim/schedules/schedule.js';
import { param } from './problems.js';
import { errorOf } from '../helpers/config-error-of.js';


describe('optimizerFromConfig', () => {
  it('builds sgd with Nesterov momentum from {"type":"sgd","lr":0.1,"momentum":0.9,"nesterov":true}', () => {
    const spec = optimizerFromConfig(
      JSON.parse('{"type":"sgd","lr":0.1,"momentum":0.9,"nesterov":true}'),
    );
    expect(spec.type).toBe('sgd');
    expect(spec.needsClosure).toBe(false);
    const x = param([5]);
    const opt = spec.create([x]);
    expect(opt).toBeInstanceOf(Optimizer);
    expect([opt.lr, opt.momentum]).toEqual([0.1, 0.9]);
    x.grad!.data[0] = 10;
    opt.step();
    expect(x.item()).toBeCloseTo(3.1, 12); // the Nesterov step by hand (see sgd.test.ts)
  });

  it('fills defaults: {"type":"adam","lr":0.001} and the bare name "adam"', () => {
    const opt = optimizerFromConfig({ type: 'adam', lr: 0.001 }).create([param([1])]);
    expect([opt.type, opt.lr, opt.momentum]).toEqual(['adam', 0.001, 0.9]);
    expect(optimizerFromConfig('adamw').create([param([1])]).type).toBe('adamw');
  });

  it('builds lbfgs with history and lineSearch, and says it needs a closure', () => {
    const spec = optimizerFromConfig({ type: 'lbfgs', history: 5, lineSearch: 'backtracking' });
    expect(spec.needsClosure).toBe(true);
    expect(spec.create([param([1])])).toBeInstanceOf(LBFGS);
    expect(errorOf(() => optimizerFromConfig({ type: 'lbfgs', lineSearch: 'wolfe' })).path).toBe(
      'optimizer.lineSearch',
    );
  });

  it('keeps trackUpdateNorms out of the config form and passes it through create', () => {
    const e = errorOf(() => optimizerFromConfig({ type: 'lbfgs', trackUpdateNorms: true }));
    expect(e.path).toBe('optimizer.trackUpdateNorms');
    expect(
      optimizerFromConfig('sgd').create([param([1])], { trackUpdateNorms: true }).trackUpdateNorms,
    ).toBe(true);
  });

  it('names the field of a bad value, with the value and the range', () => {
    const e = errorOf(() => optimizerFromConfig({ type: 'adam', beta1: 1.2 }));
    expect(e.path).toBe('optimizer.beta1');
    expect(e.message).toBe(
      'optimizer.beta1: invalid value 1.2 (expected a finite number with 0 <= beta1 < 1)',
    );
    expect(errorOf(() => optimizerFromConfig({ type: 'sgd', lr: '0.1' })).message).toMatch(
      /optimizer.lr: invalid value "0.1"/,
    );
    expect(errorOf(() => optimizerFromConfig({ type: 'sgd', nesterov: 'yes' })).path).toBe(
      'optimizer.nesterov',
    );
    expect(errorOf(() => optimizerFromConfig({ type: 'sgd', nesterov: true })).path).toBe(
      'optimizer.nesterov',
    );
    expect(
      errorOf(() => optimizerFromConfig({ type: 'rmsprop', decay: 1 }, 'trial.optimizer')).path,
    ).toBe('trial.optimizer.decay');
  });

  it('suggests the closest name for a misspelt type or field', () => {
    const typo = errorOf(() => optimizerFromConfig({ type: 'adamm' }));
    expect(typo.path).toBe('optimizer.type');
    expect(typo.message).toMatch(
      /unknown optimizer "adamm" \(did you mean 'adam'\?\); expected one of 'sgd', 'adam'/,
    );
    const field = errorOf(() => optimizerFromConfig({ type: 'sgd', momentun: 0.9 }));
    expect(field.path).toBe('optimizer.momentun');
    expect(field.message).toMatch(/sgd has no option 'momentun' \(did you mean 'momentum'\?\)/);
    const wrongOwner = errorOf(() => optimizerFromConfig({ type: 'adam', momentum: 0.9 }));
    expect(wrongOwner.message).toMatch(
      /adam has no option 'momentum'; its options are lr, beta1, beta2, eps, weightDecay/,
    );
    expect(errorOf(() => optimizerFromConfig({ lr: 0.1 })).message).toMatch(
      /optimizer.type: missing/,
    );
    expect(errorOf(() => optimizerFromConfig(42)).path).toBe('optimizer');
  });
});

describe('scheduleFromConfig', () => {
  const fn = (config: unknown): Schedule => scheduleFromConfig(config) as Schedule;

  it('builds every pure schedule from its JSON form', () => {
    expect(fn({ type: 'step', every: 20, factor: 0.1 })(25)).toBeCloseTo(0.1, 15);
    expect(fn('constant')(3)).toBe(1);
    expect(fn({ type: 'exponential', k: 0.1 })(10)).toBeCloseTo(Math.exp(-1), 15);
    expect(fn({ type: 'inverseTime', k: 0.5 })(2)).toBe(0.5);
    expect(fn({ type: 'cosine', T: 10, min: 0.1 })(5)).toBeCloseTo(0.55, 15);
    expect(fn({ type: 'linear', start: 1, end: 0, epochs: 4 })(1)).toBe(0.75);
  });

  it('nests: warmup then cosine', () => {
    const s = fn({ type: 'warmup', epochs: 5, then: { type: 'cosine', T: 95 } });
    expect(s(2.5)).toBeCloseTo(0.5, 15);
    expect(s(5 + 95 / 2)).toBeCloseTo(0.5, 15);
  });

  it('gives reduceOnPlateau as its callback object, only at the top', () => {
    const p = scheduleFromConfig({
      type: 'reduceOnPlateau',
      metric: 'valLoss',
      factor: 0.5,
      patience: 3,
    });
    expect(p).toBeInstanceOf(ReduceOnPlateau);
    expect((p as ReduceOnPlateau).mode).toBe('min');
    const nested = errorOf(() =>
      scheduleFromConfig({
        type: 'warmup',
        epochs: 1,
        then: { type: 'reduceOnPlateau', metric: 'loss' },
      }),
    );
    expect(nested.path).toBe('schedule.then');
  });

  it('names nested fields in errors and suggests names', () => {
    expect(
      errorOf(() =>
        scheduleFromConfig({ type: 'warmup', epochs: 1, then: { type: 'cosine', T: -1 } }),
      ).path,
    ).toBe('schedule.then.T');
    expect(errorOf(() => scheduleFromConfig({ type: 'step', every: 0 })).message).toBe(
      'schedule.every: invalid value 0 (expected a finite number with every > 0)',
    );
    expect(errorOf(() => scheduleFromConfig({ type: 'cosin', T: 3 })).message).toMatch(
      /did you mean 'cosine'\?/,
    );
    expect(errorOf(() => scheduleFromConfig({ type: 'step', evry: 2 })).path).toBe('schedule.evry');
    expect(
      errorOf(() => scheduleFromConfig({ type: 'reduceOnPlateau', metric: 'loss', patience: -1 }))
        .path,
    ).toBe('schedule.patience');
  });

  it('momentumSchedule: absolute values, e.g. linear 0.5 to 0.99 over 20 epochs; no plateau', () => {
    const m = momentumScheduleFromConfig({ type: 'linear', start: 0.5, end: 0.99, epochs: 20 });
    expect([m(0), m(10), m(20), m(30)].map((v) => Number(v.toFixed(12)))).toEqual([
      0.5, 0.745, 0.99, 0.99,
    ]);
    const e = errorOf(() => momentumScheduleFromConfig({ type: 'reduceOnPlateau', metric: 'loss' }));
    expect(e.path).toBe('momentumSchedule.type');
  });
});
