import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import { modeForMetric, reduceOnPlateau } from '../../src/optim/schedules/reduce-on-plateau.js';

describe('reduceOnPlateau', () => {
  it('reduces after more than `patience` observations without improvement (PyTorch semantics)', () => {
    const p = reduceOnPlateau({ metric: 'valLoss', factor: 0.5, patience: 2 });
    // 1.0 best; 1.0, 1.0 are bad epochs 1 and 2; the third bad epoch (> 2) halves the multiplier.
    expect([1, 1, 1, 1].map((v) => p.observe(v))).toEqual([1, 1, 1, 0.5]);
    // the counter restarts after a reduction: three more bad observations for the next one
    expect([2, 2, 2].map((v) => p.observe(v))).toEqual([0.5, 0.5, 0.25]);
  });

  it('improvement resets the count; the relative threshold decides what counts', () => {
    const p = reduceOnPlateau({ metric: 'loss', factor: 0.1, patience: 1, threshold: 0.01 });
    p.observe(1);
    expect(p.observe(0.995)).toBe(1); // not below 1 - 0.01 * 1: bad epoch 1
    expect(p.observe(0.98)).toBe(1); // improves (< 0.99): reset
    expect(p.observe(0.98)).toBe(1); // bad 1
    expect(p.observe(0.98)).toBeCloseTo(0.1, 15); // bad 2 > patience 1
  });

  it('max mode for accuracy: higher is better', () => {
    expect(modeForMetric('valAccuracy')).toBe('max');
    expect(modeForMetric('val_loss')).toBe('min');
    const p = reduceOnPlateau({ metric: 'accuracy', factor: 0.5, patience: 0 });
    expect(p.mode).toBe('max');
    expect(p.observe(0.5)).toBe(1);
    expect(p.observe(0.6)).toBe(1);
    expect(p.observe(0.55)).toBe(0.5);
  });

  it('cooldown holds off counting; min floors the multiplier; NaN never improves', () => {
    const p = reduceOnPlateau({ metric: 'loss', factor: 0.1, patience: 0, cooldown: 2, min: 0.05 });
    p.observe(1);
    expect(p.observe(NaN)).toBeCloseTo(0.1, 15); // bad, > 0: reduce, cooldown 2
    expect(p.observe(2)).toBeCloseTo(0.1, 15); // cooldown
    expect(p.observe(2)).toBeCloseTo(0.1, 15); // cooldown
    expect(p.observe(2)).toBe(0.05); // 0.01 floored at 0.05
  });

  it('state round-trips through JSON and resumes the same decisions', () => {
    const a = reduceOnPlateau({ metric: 'loss', factor: 0.5, patience: 1 });
    [3, 2, 2].forEach((v) => a.observe(v));
    const b = reduceOnPlateau({ metric: 'loss', factor: 0.5, patience: 1 });
    b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
    expect([2, 2, 1, 1, 1].map((v) => b.observe(v))).toEqual(
      [2, 2, 1, 1, 1].map((v) => a.observe(v)),
    );
    expect(reduceOnPlateau({ metric: 'loss' }).stateDict().best).toBeNull();
  });

  it('rejects bad options and bad state', () => {
    expect(() => reduceOnPlateau({ metric: 'f' })).toThrow(
      /mode: cannot tell whether 'f' should fall or rise/,
    );
    expect(reduceOnPlateau({ metric: 'f', mode: 'max' }).mode).toBe('max');
    expect(() => reduceOnPlateau({ metric: 'loss', factor: 1 })).toThrow(ConfigError);
    expect(() => reduceOnPlateau({ metric: 'loss', patience: 1.5 })).toThrow(
      /patience: invalid value 1.5 \(expected a whole number/,
    );
    const p = reduceOnPlateau({ metric: 'loss' });
    expect(() =>
      p.loadStateDict({ best: 'x', badEpochs: 0, cooldownLeft: 0, multiplier: 1 }),
    ).toThrow(DataError);
    expect(() => p.loadStateDict({ best: null, badEpochs: 0, cooldownLeft: 0 })).toThrow(
      /multiplier/,
    );
  });
});
