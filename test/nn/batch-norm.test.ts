// Batch normalization: batch statistics in training (ERRATA forms), running averages for eval.
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/errors.js';
import { BatchNorm } from '../../src/nn/layers/batch-norm.js';
import { randn, tensor } from '../../src/tensor/create.js';

function columnStats(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  j: number,
): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < rows; i++) mean += data[i * cols + j]! / rows;
  let variance = 0;
  for (let i = 0; i < rows; i++) variance += (data[i * cols + j]! - mean) ** 2 / rows;
  return { mean, variance };
}

describe('batchNorm', () => {
  it('gives per-feature mean ~0 and variance ~1 in training mode, whatever the input scale', () => {
    const bn = new BatchNorm(3, { dtype: 'float64' });
    const x = randn([64, 3], { dtype: 'float64', seed: 1, mean: 5, std: 7 });
    const y = bn.forward(x).data;
    for (let j = 0; j < 3; j++) {
      const s = columnStats(y, 64, 3, j);
      expect(Math.abs(s.mean)).toBeLessThan(1e-12);
      // biased variance of the output is var / (var + eps), just under 1
      expect(s.variance).toBeCloseTo(1, 5);
    }
  });

  it('normalizes with eps inside the square root and applies gamma and beta (worked by hand)', () => {
    const bn = new BatchNorm(1, { dtype: 'float64', eps: 1 });
    bn.gamma.data[0] = 2;
    bn.beta.data[0] = 0.5;
    // x = [1, 3]: mu = 2, biased var = 1, x_hat = (x - 2) / sqrt(1 + 1)
    const y = bn.forward(tensor([[1], [3]], { dtype: 'float64' })).data;
    expect(y[0]).toBeCloseTo(0.5 - 2 / Math.SQRT2, 14);
    expect(y[1]).toBeCloseTo(0.5 + 2 / Math.SQRT2, 14);
  });

  it('updates running averages with momentum (unbiased variance) and uses them in eval mode', () => {
    const bn = new BatchNorm(2, { dtype: 'float64', momentum: 0.25, eps: 1e-5 });
    // feature 0: [1, 3] -> mean 2, unbiased var 2; feature 1: [0, 0] -> mean 0, var 0
    bn.forward(
      tensor(
        [
          [1, 0],
          [3, 0],
        ],
        { dtype: 'float64' },
      ),
    );
    expect(Array.from(bn.runningMean.data)).toEqual([0.75 * 0 + 0.25 * 2, 0]);
    expect(Array.from(bn.runningVar.data)).toEqual([0.75 * 1 + 0.25 * 2, 0.75 * 1]);
    bn.eval();
    const y = bn.forward(tensor([[4, 1]], { dtype: 'float64' })).data;
    expect(y[0]).toBeCloseTo((4 - 0.5) / Math.sqrt(1.25 + 1e-5), 14);
    expect(y[1]).toBeCloseTo((1 - 0) / Math.sqrt(0.75 + 1e-5), 14);
    // eval mode does not touch the running statistics
    expect(Array.from(bn.runningMean.data)).toEqual([0.5, 0]);
  });

  it('saves its running statistics as buffers, not parameters', () => {
    const bn = new BatchNorm(2);
    expect(bn.namedParameters().map(([n, p]) => [n, p.role])).toEqual([
      ['gamma', 'norm'],
      ['beta', 'norm'],
    ]);
    expect(bn.namedBuffers().map(([n]) => n)).toEqual(['runningMean', 'runningVar']);
    expect(Object.keys(bn.stateDict())).toEqual(['gamma', 'beta', 'runningMean', 'runningVar']);
  });

  it('refuses a training batch of one example and bad options', () => {
    expect(() => new BatchNorm(2).forward(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => new BatchNorm(2, { eps: 0 })).toThrow(/eps/);
    expect(() => new BatchNorm(2, { momentum: 1.5 })).toThrow(/momentum.*1.5/);
    expect(new BatchNorm(2).eval().forward(tensor([[1, 2]])).shape).toEqual([1, 2]);
  });
});
