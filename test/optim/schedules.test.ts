import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { constant } from '../../src/optim/schedules/constant.js';
import { cosine } from '../../src/optim/schedules/cosine.js';
import { exponential } from '../../src/optim/schedules/exponential.js';
import { inverseTime } from '../../src/optim/schedules/inverse-time.js';
import { linear } from '../../src/optim/schedules/linear.js';
import { step } from '../../src/optim/schedules/step.js';
import { warmup } from '../../src/optim/schedules/warmup.js';
import { sgd } from '../../src/optim/aliases.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import { param } from './problems.js';

// Times in epochs, fractional within an epoch (iteration 3 of 10 in epoch 7 is t = 7.3).
const TIMES = [0, 0.1, 0.5, 1, 7.3, 19.99, 20, 20.5, 45, 100];

describe('schedules equal their formulas at chosen times', () => {
  it('constant', () => {
    for (const t of TIMES) expect(constant()(t)).toBe(1);
    expect(constant({ value: 0.9 })(12)).toBe(0.9);
  });

  it('step {every: 20, factor: 0.1}: 0.1^floor(t/20)', () => {
    const s = step({ every: 20, factor: 0.1 });
    expect([0, 19.99, 20, 39.9, 40, 45].map(s)).toEqual([1, 1, 0.1, 0.1, 0.1 ** 2, 0.1 ** 2]);
    for (const t of TIMES) expect(s(t)).toBe(0.1 ** Math.floor(t / 20));
  });

  it('exponential {k}: exp(-k t)', () => {
    const s = exponential({ k: 0.05 });
    for (const t of TIMES) expect(s(t)).toBeCloseTo(Math.exp(-0.05 * t), 15);
    expect(s(20)).toBeCloseTo(0.36787944117, 10); // e^-1
  });

  it('inverseTime {k}: 1 / (1 + k t)', () => {
    const s = inverseTime({ k: 0.5 });
    for (const t of TIMES) expect(s(t)).toBeCloseTo(1 / (1 + 0.5 * t), 15);
    expect(s(2)).toBe(0.5);
  });

  it('cosine {T, min}: min + (1 - min)(1 + cos(pi min(t, T) / T)) / 2, flat after T', () => {
    const s = cosine({ T: 10, min: 0.1 });
    expect(s(0)).toBe(1);
    expect(s(5)).toBeCloseTo(0.55, 15);
    expect(s(10)).toBeCloseTo(0.1, 15);
    expect(s(25)).toBeCloseTo(0.1, 15);
    for (const t of TIMES)
      expect(s(t)).toBeCloseTo(
        0.1 + (0.9 * (1 + Math.cos((Math.PI * Math.min(t, 10)) / 10))) / 2,
        15,
      );
    expect(cosine({ T: 4 })(2)).toBeCloseTo(0.5, 15);
  });

  it('linear {start, end, epochs}: the momentum ramp 0.5 to 0.99 over 20 epochs', () => {
    const s = linear({ start: 0.5, end: 0.99, epochs: 20 });
    expect(s(0)).toBe(0.5);
    expect(s(10)).toBeCloseTo(0.745, 15);
    expect(s(20)).toBeCloseTo(0.99, 15);
    expect(s(50)).toBeCloseTo(0.99, 15);
    for (const t of TIMES) expect(s(t)).toBeCloseTo(0.5 + 0.49 * Math.min(t / 20, 1), 15);
  });

  it('negative times count as the start', () => {
    expect(step({ every: 1 })(-3)).toBe(1);
    expect(linear({ start: 0.5, end: 1, epochs: 2 })(-1)).toBe(0.5);
  });
});

describe('warmup composes with any schedule', () => {
  it('warmup then cosine: a ramp from 0 to 1, then the cosine started at the end of the ramp', () => {
    const s = warmup({ epochs: 5, then: cosine({ T: 95, min: 0 }) });
    expect(s(0)).toBe(0);
    expect(s(2.5)).toBeCloseTo(0.5, 15);
    expect(s(5)).toBe(1);
    expect(s(5 + 47.5)).toBeCloseTo(0.5, 15);
    expect(s(100)).toBeCloseTo(0, 15);
    for (const t of [6, 30, 77.7])
      expect(s(t)).toBeCloseTo((1 + Math.cos((Math.PI * (t - 5)) / 95)) / 2, 15);
  });

  it('is continuous at the end of the ramp and rises monotonically during it', () => {
    const s = warmup({ epochs: 3, then: step({ every: 10, factor: 0.5 }) });
    expect(s(3 - 1e-9)).toBeCloseTo(s(3), 8);
    let prev = -1;
    for (let t = 0; t <= 3; t += 0.25) {
      expect(s(t)).toBeGreaterThan(prev);
      prev = s(t);
    }
    expect(s(13)).toBe(0.5);
  });

  it("ramps to the wrapped schedule's starting value (a momentum warmup to 0.9)", () => {
    const s = warmup({ epochs: 2, then: constant({ value: 0.9 }) });
    expect(s(1)).toBeCloseTo(0.45, 15);
    expect(s(4)).toBe(0.9);
  });

  it('without a wrapped schedule ramps to 1 and stays; 0 epochs is no warmup', () => {
    expect(warmup({ epochs: 4 })(1)).toBe(0.25);
    expect(warmup({ epochs: 4 })(9)).toBe(1);
    expect(warmup({ epochs: 0, then: exponential({ k: 1 }) })(1)).toBeCloseTo(Math.exp(-1), 15);
  });
});

describe('schedules are monotone where promised', () => {
  it('step, exponential, inverseTime and cosine never increase; linear moves toward end', () => {
    const falling = [
      step({ every: 3, factor: 0.5 }),
      exponential({ k: 0.3 }),
      inverseTime({ k: 2 }),
      cosine({ T: 7, min: 0.2 }),
    ];
    for (const s of falling) {
      for (let t = 0; t < 20; t += 0.1) expect(s(t + 0.1)).toBeLessThanOrEqual(s(t));
    }
  });
});

describe('a schedule driving an optimizer, as the training loop does', () => {
  it('lr = lr0 * schedule(t) with t fractional in the epoch moves every iteration', () => {
    // 4 iterations per epoch, exponential decay k = 0.5, lr0 = 0.2, vanilla SGD on a unit gradient:
    // each step moves w by exactly -lr0 * exp(-0.5 * (epoch + i / 4)).
    const w = param([0]);
    const opt = new Optimizer([w], sgd({ lr: 0.2 }));
    const s = exponential({ k: 0.5 });
    let expected = 0;
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let i = 0; i < 4; i++) {
        const t = epoch + i / 4;
        opt.lr = 0.2 * s(t);
        w.grad!.data[0] = 1;
        opt.step();
        expected -= 0.2 * Math.exp(-0.5 * t);
        expect(opt.lr).toBeCloseTo(0.2 * Math.exp(-0.5 * t), 15);
        expect(w.item()).toBeCloseTo(expected, 14);
      }
    }
  });
});

describe('schedule validation', () => {
  it('names the bad option, its value and the expected range', () => {
    expect(() => step({ every: 0 })).toThrow(ConfigError);
    expect(() => step({ every: 0 })).toThrow(
      /every: invalid value 0 \(expected a finite number with every > 0\)/,
    );
    expect(() => exponential({ k: -1 })).toThrow(/k: invalid value -1/);
    expect(() => cosine({ T: 10, min: -0.5 })).toThrow(/min: invalid value -0.5/);
    expect(() => linear({ start: 0.5, end: 0.99 } as never)).toThrow(/epochs: missing/);
    expect(() => warmup({ epochs: 5, then: 3 as never })).toThrow(/then: expected a schedule/);
    expect(() => step({ every: 20, factr: 0.1 } as never)).toThrow(
      /step has no option 'factr' \(did you mean 'factor'\?\)/,
    );
  });
});
