import { describe, expect, it } from 'vitest';
import { adagrad, adam, adamw, rmsprop } from '../../src/optim/aliases.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { param } from './problems.js';

/** One step with a given gradient written into w.grad. */
function stepWith(opt: Optimizer, w: Tensor, grad: number[]): number[] {
  w.grad!.data.set(grad);
  opt.step();
  return w.toFlatArray();
}

describe('adam (bias-corrected) by hand', () => {
  it('the first step moves each coordinate by about lr * sign(g), whatever |g| is', () => {
    const w = param([1, -2, 3]);
    const opt = new Optimizer([w], adam({ lr: 0.1 }));
    const after = stepWith(opt, w, [0.5, -4, 1e-3]);
    // m_hat = g, v_hat = g^2 after bias correction, so the step is lr * g / (|g| + eps).
    expect(after[0]).toBeCloseTo(1 - 0.1 * (0.5 / (0.5 + 1e-8)), 12);
    expect(after[1]).toBeCloseTo(-2 + 0.1 * (4 / (4 + 1e-8)), 12);
    expect(after[2]).toBeCloseTo(3 - 0.1 * (1e-3 / (1e-3 + 1e-8)), 12);
    expect(after[0]).toBeCloseTo(0.9, 6);
    expect(after[1]).toBeCloseTo(-1.9, 6);
    expect(after[2]).toBeCloseTo(2.9, 4);
  });

  it('the second step uses m and v as worked out here', () => {
    const w = param([1, -2]);
    const opt = new Optimizer([w], adam({ lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 }));
    const w1 = stepWith(opt, w, [0.5, -4]);
    const w2 = stepWith(opt, w, [0.1, 2]);
    // m1 = 0.1 g1 = [0.05, -0.4];        v1 = 0.001 g1^2 = [0.00025, 0.016]
    // m2 = 0.9 m1 + 0.1 g2 = [0.055, -0.16]
    // v2 = 0.999 v1 + 0.001 g2^2 = [0.00024975 + 0.00001, 0.015984 + 0.004] = [0.00025975, 0.019984]
    // bias corrections at t = 2: 1 - 0.9^2 = 0.19, 1 - 0.999^2 = 0.001999
    const m2 = [0.055, -0.16];
    const v2 = [0.00025975, 0.019984];
    for (let i = 0; i < 2; i++) {
      const step = m2[i]! / 0.19 / (Math.sqrt(v2[i]! / 0.001999) + 1e-8);
      expect(w2[i]).toBeCloseTo(w1[i]! - 0.1 * step, 12);
    }
    // the numbers: steps of about 0.0803 and -0.0266
    expect(w2[0]).toBeCloseTo(w1[0]! - 0.080304, 5);
    expect(w2[1]).toBeCloseTo(w1[1]! + 0.026634, 5);
  });

  it('momentum is beta1: setting it changes the first-moment decay', () => {
    const w = param([0]);
    const opt = new Optimizer([w], adam({ lr: 0.1 }));
    expect(opt.momentum).toBe(0.9);
    opt.momentum = 0.5;
    stepWith(opt, w, [2]);
    stepWith(opt, w, [-1]);
    // t = 2 with beta1 = 0.5: m = 0.5 * (0.5 * 2) - 0.5 = 0, so the second step does not move w.
    expect(w.data[0]).toBeCloseTo(-0.1 * (2 / (2 + 1e-8)), 12);
  });
});

describe('weight decay: adam (L2 in the gradient) versus adamw (decoupled)', () => {
  it('adam with weightDecay treats wd * w as gradient, so the first step is about lr * sign(w)', () => {
    const w = param([2]);
    stepWith(new Optimizer([w], adam({ lr: 0.1, weightDecay: 0.1 })), w, [0]);
    // g = 0 + 0.1 * 2 = 0.2, step = lr * 0.2 / (0.2 + eps)
    expect(w.data[0]).toBeCloseTo(2 - 0.1 * (0.2 / (0.2 + 1e-8)), 12);
  });

  it('adamw shrinks w by lr * wd * w, apart from the adaptive step', () => {
    const w = param([2]);
    stepWith(new Optimizer([w], adamw({ lr: 0.1, weightDecay: 0.1 })), w, [0]);
    // zero gradient: the Adam step is 0 / (0 + eps) = 0; decay: 2 - 0.1 * 0.1 * 2 = 1.98
    expect(w.data[0]).toBeCloseTo(1.98, 12);
  });

  it('adamw defaults to weightDecay 0.01 (PyTorch)', () => {
    const w = param([1]);
    stepWith(new Optimizer([w], adamw({ lr: 0.5 })), w, [0]);
    expect(w.data[0]).toBeCloseTo(1 - 0.5 * 0.01, 12);
  });
});

describe('rmsprop by hand (the errata form)', () => {
  it('cache = decay * cache + (1 - decay) * g^2; w -= lr * g / (sqrt(cache) + eps)', () => {
    const w = param([1]);
    const opt = new Optimizer([w], rmsprop({ lr: 0.01, decay: 0.9, eps: 1e-8 }));
    // step 1: cache = 0.1 * 4 = 0.4;            w = 1 - 0.01 * 2 / (sqrt(0.4) + 1e-8) = 0.968377223...
    // step 2: cache = 0.9 * 0.4 + 0.1 * 1 = 0.46; w -= 0.01 * 1 / (sqrt(0.46) + 1e-8)  (0.0147441956)
    const w1 = 1 - (0.01 * 2) / (Math.sqrt(0.4) + 1e-8);
    expect(stepWith(opt, w, [2])[0]).toBeCloseTo(w1, 14);
    expect(stepWith(opt, w, [1])[0]).toBeCloseTo(w1 - (0.01 * 1) / (Math.sqrt(0.46) + 1e-8), 14);
    expect(w.data[0]).toBeCloseTo(0.9683772234 - 0.0147441956, 8);
  });
});

describe('adagrad by hand', () => {
  it('cache = cache + g^2; w -= lr * g / (sqrt(cache) + eps)', () => {
    const w = param([1, 1]);
    const opt = new Optimizer([w], adagrad({ lr: 0.5, eps: 0 }));
    // step 1: cache = [9, 0.01]; the step is lr * [3/3, 0.1/0.1] = [0.5, 0.5]
    expect(stepWith(opt, w, [3, 0.1])).toEqual([0.5, 0.5]);
    // step 2: cache = [25, 0.02]; the step is lr * [4/5, 0.1/sqrt(0.02)] = [0.4, 0.35355339]
    const w2 = stepWith(opt, w, [4, 0.1]);
    expect(w2[0]).toBeCloseTo(0.1, 12);
    expect(w2[1]).toBeCloseTo(0.5 - 0.5 * (0.1 / Math.sqrt(0.02)), 12);
  });

  it('the coordinate with small gradients keeps the larger effective learning rate (errata)', () => {
    const w = param([0, 0]);
    const opt = new Optimizer([w], adagrad({ lr: 1 }));
    for (let i = 0; i < 5; i++) stepWith(opt, w, [10, 0.1]);
    // effective lr = lr / sqrt(cache): 1 / sqrt(500) for the big one, 1 / sqrt(0.05) for the small one
    const moved = w.toFlatArray().map(Math.abs);
    expect(moved[1]! / 0.1).toBeGreaterThan(moved[0]! / 10);
  });
});
