import { describe, expect, it } from 'vitest';
import '../../src/ops/index.js';
import { ConfigError } from '../../src/errors.js';
import { sgd } from '../../src/optim/aliases.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { param } from './problems.js';

/** Runs `steps` steps on f(x) = x^2 from x0 = 5 through autograd, returning x before each step and after the last. */
function trajectory(opt: Optimizer, x: Tensor, steps: number): number[] {
  const xs = [x.item()];
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    x.mul(x).sum().backward();
    opt.step();
    xs.push(x.item());
  }
  return xs;
}

const x0 = (): Tensor => tensor([5], { dtype: 'float64', requiresGrad: true });

describe('sgd on the notes worked example f(x) = x^2, x0 = 5, lr = 0.1', () => {
  it('vanilla: 5, 4, 3.2, 2.56, 2.048, 1.6384 (the notes table, w -= lr * 2x)', () => {
    const x = x0();
    const xs = trajectory(new Optimizer([x], sgd({ lr: 0.1 })), x, 5);
    [5, 4, 3.2, 2.56, 2.048, 1.6384].forEach((want, i) => expect(xs[i]).toBeCloseTo(want, 12));
  });

  it("momentum 0.9: 5, 4, 2.3, 0.31, -1.543, -2.9021 (the errata's corrected step 2)", () => {
    const x = x0();
    const xs = trajectory(new Optimizer([x], sgd({ lr: 0.1, momentum: 0.9 })), x, 5);
    [5, 4, 2.3, 0.31, -1.543, -2.9021].forEach((want, i) => expect(xs[i]).toBeCloseTo(want, 12));
  });

  it('nesterov: by hand, x += mu*v - lr*g after v = mu*v - lr*g', () => {
    // step 1: g = 10,   v = -1,                 x = 5 + (0.9 * -1 - 1) = 3.1
    // step 2: g = 6.2,  v = -0.9 - 0.62 = -1.52, x = 3.1 + (0.9 * -1.52 - 0.62) = 1.112
    // step 3: g = 2.224, v = -1.368 - 0.2224 = -1.5904, x = 1.112 + (0.9 * -1.5904 - 0.2224) = -0.54176
    const x = x0();
    const xs = trajectory(
      new Optimizer([x], sgd({ lr: 0.1, momentum: 0.9, nesterov: true })),
      x,
      3,
    );
    [5, 3.1, 1.112, -0.54176].forEach((want, i) => expect(xs[i]).toBeCloseTo(want, 12));
  });

  it('nesterov equals the CS231n form x += -mu * v_prev + (1 + mu) * v', () => {
    const x = x0();
    const xs = trajectory(
      new Optimizer([x], sgd({ lr: 0.1, momentum: 0.9, nesterov: true })),
      x,
      8,
    );
    let [xr, v] = [5, 0];
    for (let i = 1; i <= 8; i++) {
      const vPrev = v;
      v = 0.9 * v - 0.1 * 2 * xr;
      xr += -0.9 * vPrev + 1.9 * v;
      expect(xs[i]).toBeCloseTo(xr, 12);
    }
  });

  it('is the same for a float32 parameter, within float32 rounding', () => {
    const x = tensor([5], { dtype: 'float32', requiresGrad: true });
    const xs = trajectory(new Optimizer([x], sgd({ lr: 0.1, momentum: 0.9 })), x, 5);
    [5, 4, 2.3, 0.31, -1.543, -2.9021].forEach((want, i) => expect(xs[i]).toBeCloseTo(want, 5));
  });
});

describe('sgd options', () => {
  it('weightDecay adds weightDecay * w to the gradient: with zero gradient w shrinks by lr * wd', () => {
    const w = param([2, -4]);
    new Optimizer([w], sgd({ lr: 0.1, weightDecay: 0.5 })).step();
    expect(w.toFlatArray()).toEqual([2 - 0.1 * 0.5 * 2, -4 + 0.1 * 0.5 * 4]);
  });

  it('a momentum set between steps (a momentum schedule) is used from the next step on', () => {
    const x = x0();
    const opt = new Optimizer([x], sgd({ lr: 0.1, momentum: 0.5 }));
    expect(opt.momentum).toBe(0.5);
    const mus = [0.5, 0.7, 0.99];
    let [xr, v] = [5, 0];
    for (const mu of mus) {
      opt.momentum = mu;
      opt.zeroGrad();
      x.mul(x).sum().backward();
      opt.step();
      v = mu * v - 0.1 * 2 * xr;
      xr += v;
      expect(x.item()).toBeCloseTo(xr, 12);
    }
  });

  it('vanilla sgd still takes a momentum (it starts at 0)', () => {
    const opt = new Optimizer([x0()], sgd({ lr: 0.1 }));
    expect(opt.momentum).toBe(0);
    opt.momentum = 0.9;
    expect(opt.momentum).toBe(0.9);
  });

  it('an lr set between steps is used from the next step on', () => {
    const x = x0();
    const opt = new Optimizer([x], sgd({ lr: 0.1 }));
    opt.lr = 0.25;
    trajectory(opt, x, 1);
    expect(x.item()).toBeCloseTo(5 - 0.25 * 10, 12);
  });

  it('rejects bad options with the option name', () => {
    expect(() => sgd({ lr: -1 })).toThrow(/lr: invalid value -1/);
    expect(() => sgd({ momentum: 1 })).toThrow(
      /momentum: invalid value 1 \(expected a finite number with 0 <= momentum < 1\)/,
    );
    expect(() => sgd({ nesterov: true })).toThrow(ConfigError);
    expect(() => sgd({ nesterov: true })).toThrow(/nesterov: Nesterov momentum needs momentum > 0/);
    expect(() => sgd({ momentun: 0.9 } as never)).toThrow(
      /sgd has no option 'momentun' \(did you mean 'momentum'\?\)/,
    );
  });
});
