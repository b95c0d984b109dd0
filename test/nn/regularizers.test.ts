// Regularization penalties against hand-computed values, their gradients, and the max-norm constraint.
import { describe, expect, it } from 'vitest';
import '../../src/ops/index.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import { backward } from '../../src/autograd/backward.js';
import { ConfigError } from '../../src/errors.js';
import { BatchNorm } from '../../src/nn/layers/batch-norm.js';
import { Linear } from '../../src/nn/layers/linear.js';
import { Sequential } from '../../src/nn/layers/sequential.js';
import { applyMaxNorm, regularizationLoss } from '../../src/nn/regularizers.js';
import { Rng } from '../../src/tensor/rng.js';

/** One linear layer with W = [[1, -2], [3, 4]] and b = [10, 10]. */
function layer(dtype: 'float32' | 'float64' = 'float64'): Linear {
  const l = new Linear(2, 2, { dtype, rng: new Rng(0) });
  l.weight.data.set([1, -2, 3, 4]);
  l.bias!.data.set([10, 10]);
  return l;
}

describe('regularizationLoss', () => {
  it('l2 is 0.5 * lambda * sum(w^2) over weights only, with gradient lambda * w', () => {
    const l = layer();
    const loss = regularizationLoss(l, { l2: 0.1 });
    expect(loss.item()).toBeCloseTo(0.5 * 0.1 * (1 + 4 + 9 + 16), 14); // 1.5; the biases (100 each) are left out
    backward(loss);
    expect(Array.from(l.weight.grad!.data)).toEqual(
      [0.1, -0.2, 0.1 * 3, 0.4].map((v) => expect.closeTo(v, 14)),
    );
    expect(l.bias!.grad).toBeNull();
  });

  it('l1 is lambda * sum(|w|); elasticNet lambda * sum(alpha |w| + (1 - alpha) w^2)', () => {
    expect(regularizationLoss(layer(), { l1: 0.5 }).item()).toBeCloseTo(0.5 * 10, 14);
    expect(
      regularizationLoss(layer(), { elasticNet: { lambda: 0.2, alpha: 0.25 } }).item(),
    ).toBeCloseTo(0.2 * (0.25 * 10 + 0.75 * 30), 14);
    expect(regularizationLoss(layer(), { l2: 0.1, l1: 0.5 }).item()).toBeCloseTo(1.5 + 5, 14);
  });

  it('includes biases and batch-norm parameters only when asked', () => {
    expect(regularizationLoss(layer(), { l2: 0.1, includeBiases: true }).item()).toBeCloseTo(
      0.05 * (30 + 200),
      12,
    );
    const bn = new BatchNorm(3, { dtype: 'float64' });
    expect(regularizationLoss(bn, { l2: 1 }).item()).toBe(0);
    // gamma = 1, beta = 0
    expect(regularizationLoss(bn, { l2: 1, includeBiases: true }).item()).toBeCloseTo(0.5 * 3, 14);
  });

  it('is a zero scalar with no penalty set', () => {
    const loss = regularizationLoss(layer(), {});
    expect(loss.shape).toEqual([]);
    expect(loss.item()).toBe(0);
  });

  it('passes gradcheck in float64 for l2, l1 and elasticNet together', () => {
    const model = new Sequential([
      new Linear(3, 4, { dtype: 'float64', rng: new Rng(1) }),
      new Linear(4, 2, { dtype: 'float64', rng: new Rng(2) }),
    ]);
    const options = {
      l2: 0.3,
      l1: 0.2,
      elasticNet: { lambda: 0.1, alpha: 0.6 },
      includeBiases: true,
    };
    for (const p of model.parameters())
      for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.5 + 0.1 * i;
    const report = gradcheck(() => regularizationLoss(model, options), model.parameters());
    expect(report.passed).toBe(true);
  });

  it('rejects negative strengths and alpha outside [0, 1] with the field path', () => {
    expect(() => regularizationLoss(layer(), { l2: -1 })).toThrow(ConfigError);
    expect(() => regularizationLoss(layer(), { l2: -1 })).toThrow('regularization.l2');
    expect(() => regularizationLoss(layer(), { elasticNet: { lambda: 1, alpha: 2 } })).toThrow(
      'regularization.elasticNet.alpha',
    );
  });
});

describe('applyMaxNorm', () => {
  it("clips each unit's incoming weight vector (a column) to norm <= c and leaves the rest", () => {
    const l = layer();
    // columns: [1, 3] (norm sqrt(10) ~ 3.16) and [-2, 4] (norm sqrt(20) ~ 4.47)
    expect(applyMaxNorm(l, 4)).toBe(1);
    const s = 4 / Math.sqrt(20);
    expect(Array.from(l.weight.data)).toEqual(
      [1, -2 * s, 3, 4 * s].map((v) => expect.closeTo(v, 14)),
    );
    expect(Array.from(l.bias!.data)).toEqual([10, 10]);
    expect(applyMaxNorm(l, 4)).toBe(0);
    expect(() => applyMaxNorm(l, 0)).toThrow(/maxNorm/);
  });
});
