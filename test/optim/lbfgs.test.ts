import { describe, expect, it } from 'vitest';
import '../../src/ops/index.js';
import { ConfigError } from '../../src/errors.js';
import { lbfgs } from '../../src/optim/lbfgs.js';
import { backtracking } from '../../src/optim/line-search/backtracking.js';
import { cubicInterpolate } from '../../src/optim/line-search/cubic-interpolate.js';
import type { LineSearchProblem } from '../../src/optim/line-search/line-search.js';
import { strongWolfe } from '../../src/optim/line-search/strong-wolfe.js';
import { tensor } from '../../src/tensor/create.js';
import { distance, param, randomQuadratic } from './problems.js';

/** phi(t) = f(t) and its slope, for a 1-D function given with its derivative. */
function problem(
  f: (t: number) => number,
  df: (t: number) => number,
): LineSearchProblem & { calls: number } {
  const p = {
    calls: 0,
    gtd: 0,
    evaluate(t: number) {
      p.calls++;
      p.gtd = df(t);
      return f(t);
    },
  };
  return p;
}

describe('line searches', () => {
  it('cubicInterpolate finds the minimizer of a cubic exactly from two points and slopes', () => {
    // (x - 1)^2: f(0) = 1, f'(0) = -2, f(3) = 4, f'(3) = 4 -> 1
    expect(cubicInterpolate(0, 1, -2, 3, 4, 4)).toBeCloseTo(1, 12);
    // x^3 - 3x (local minimum at 1): f(0) = 0, f'(0) = -3, f(2) = 2, f'(2) = 9
    expect(cubicInterpolate(0, 0, -3, 2, 2, 9)).toBeCloseTo(1, 12);
    // clamped to the bounds given
    expect(cubicInterpolate(0, 1, -2, 3, 4, 4, 1.5, 2)).toBe(1.5);
  });

  it('strongWolfe returns a step meeting both strong Wolfe conditions', () => {
    // phi(t) = (t - 3)^2 + sin(2t): slope at 0 is -6 + 2 = -4
    const f = (t: number) => (t - 3) ** 2 + Math.sin(2 * t);
    const df = (t: number) => 2 * (t - 3) + 2 * Math.cos(2 * t);
    for (const t0 of [0.01, 1, 10]) {
      const p = problem(f, df);
      const r = strongWolfe(p, t0, f(0), df(0), 1);
      expect(f(r.t)).toBeLessThanOrEqual(f(0) + 1e-4 * r.t * df(0));
      expect(Math.abs(df(r.t))).toBeLessThanOrEqual(0.9 * Math.abs(df(0)));
      expect(r.f).toBe(f(r.t));
      expect(r.evals).toBe(p.calls);
    }
  });

  it('strongWolfe backs off from a non-finite loss', () => {
    const f = (t: number) => (t > 2 ? NaN : (t - 1) ** 2);
    const df = (t: number) => (t > 2 ? NaN : 2 * (t - 1));
    const r = strongWolfe(problem(f, df), 5, 1, -2, 1);
    expect(r.t).toBeGreaterThan(0);
    expect(r.t).toBeLessThanOrEqual(2);
    expect(r.f).toBeLessThan(1);
  });

  it('backtracking halves until Armijo holds', () => {
    // phi(t) = (t - 1)^2, phi(0) = 1, slope -2: t = 4 (f 9), 2 (f 1, not < 1 - 4e-4), 1 (f 0)
    const p = problem(
      (t) => (t - 1) ** 2,
      (t) => 2 * (t - 1),
    );
    expect(backtracking(p, 4, 1, -2)).toEqual({ t: 1, f: 0, evals: 3 });
  });
});

describe('LBFGS', () => {
  it('says it needs a closure when stepped without one', () => {
    const opt = lbfgs([param([1])]);
    expect(() => opt.step()).toThrow(ConfigError);
    expect(() => opt.step()).toThrow(
      /lbfgs needs a closure that recomputes the loss and gradients/,
    );
  });

  it('runs on a closure through autograd that returns the loss tensor', () => {
    const x = tensor([3, -2], { dtype: 'float64', requiresGrad: true });
    const opt = lbfgs([x]);
    const before = opt.step(() => {
      opt.zeroGrad();
      const loss = x
        .sub(tensor([1, 2], { dtype: 'float64' }))
        .pow(2)
        .sum();
      loss.backward();
      return loss;
    });
    expect(before).toBe(4 + 16);
    expect(distance(x, [1, 2])).toBeLessThan(1e-6);
  });

  it('keeps working with fewer history pairs than dimensions (the ring buffer wraps)', () => {
    const q = randomQuadratic(12, 3, 30);
    const x = param(new Array<number>(12).fill(0));
    const opt = lbfgs([x], { history: 3, maxIter: 200, tolGrad: 1e-12, tolChange: 0 });
    opt.step(() => q.f(x));
    expect(distance(x, q.xStar)).toBeLessThan(1e-6);
    expect(opt.iterations).toBeGreaterThan(3);
  });

  it('with lineSearch none takes fixed steps of length lr along d', () => {
    // f = x^2 / 2 (gradient x): first iteration t = min(1, 1/|g|) * lr, then lr with d = -H g
    const x = param([4]);
    const opt = lbfgs([x], { lineSearch: 'none', lr: 0.5, maxIter: 1 });
    const f = () => {
      x.grad!.data[0] = x.data[0]!;
      return x.data[0]! ** 2 / 2;
    };
    opt.step(f);
    expect(x.item()).toBeCloseTo(4 - 0.25 * 0.5 * 4, 12); // t = min(1, 1/4) * 0.5 = 0.125
    expect(opt.funcEvals).toBe(1);
  });

  it('records update and weight norms over the whole step', () => {
    const x = param([3, 4]);
    const opt = lbfgs([x], { trackUpdateNorms: true });
    opt.step(() => {
      x.grad!.data.set([x.data[0]!, x.data[1]!]);
      return (x.data[0]! ** 2 + x.data[1]! ** 2) / 2;
    });
    expect(opt.lastParamNorms()[0]).toBe(5);
    expect(opt.lastUpdateNorms()[0]).toBeCloseTo(5, 6); // it reaches the minimum at 0
  });

  it('has an lr but no momentum; rejects bad options by name', () => {
    const opt = lbfgs([param([1])], { lr: 0.5 });
    expect(opt.lr).toBe(0.5);
    expect(opt.momentum).toBeUndefined();
    expect(() => (opt.momentum = 0.5)).toThrow(/lbfgs has no momentum/);
    expect(() => lbfgs([param([1])], { history: 0 })).toThrow(
      /history: invalid value 0 \(expected a whole number with history >= 1\)/,
    );
    expect(() => lbfgs([param([1])], { lineSearch: 'wolfe' as never })).toThrow(
      /lineSearch: invalid value "wolfe" \(expected one of 'strongWolfe', 'backtracking', 'none'\)/,
    );
    expect(() => lbfgs([param([1])], { histroy: 5 } as never)).toThrow(/did you mean 'history'/);
  });
});
