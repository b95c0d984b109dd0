// Numerical stability at extreme inputs: softmax family at +-1000, sigmoid at +-1000, and NaN
// propagation. Expected values are closed forms: with logits [1000, 1000, -1000], exp(-2000) is 0
// in both float32 and float64, so softmax is exactly [1/2, 1/2, 0] and logSumExp is 1000 + ln 2.
import { describe, expect, it } from 'vitest';
import type { DType } from '../../src/backend/backend.js';
import {
  logSoftmax,
  logSumExp,
  matmul,
  max,
  maximum,
  min,
  minimum,
  sigmoid,
  softmax,
  sum,
} from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';

const LN2 = Math.LN2;
const DTYPES: DType[] = ['float32', 'float64'];
/** Round to the dtype's precision: float32 tests compare against the nearest float32. */
const round = (v: number, dtype: DType): number => (dtype === 'float32' ? Math.fround(v) : v);
/** Half an ulp-ish relative tolerance per dtype, for values computed in that dtype. */
const rel = (dtype: DType): number => (dtype === 'float32' ? 1.2e-7 : 4e-16);

describe.each(DTYPES)('softmax family at +-1000 in %s', (dtype) => {
  const logits = () => tensor([1000, 1000, -1000], { dtype });

  it('softmax is exactly [0.5, 0.5, 0]', () => {
    expect(softmax(logits()).toFlatArray()).toEqual([0.5, 0.5, 0]);
  });

  it('logSoftmax is [-ln 2, -ln 2, -2000 - ln 2]', () => {
    const got = logSoftmax(logits()).toFlatArray();
    const want = [-LN2, -LN2, -2000 - LN2];
    got.forEach((g, i) =>
      expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(2 * rel(dtype) * Math.abs(want[i]!)),
    );
  });

  it('logSumExp is 1000 + ln 2', () => {
    const got = logSumExp(logits()).item();
    expect(Number.isFinite(got)).toBe(true);
    expect(Math.abs(got - (1000 + LN2))).toBeLessThanOrEqual(2 * rel(dtype) * 1001);
    expect(got).toBe(round(got, dtype));
  });

  it('gives finite gradients: d logSumExp / dx = softmax = [0.5, 0.5, 0]', () => {
    const x = tensor([1000, 1000, -1000], { dtype, requiresGrad: true });
    logSumExp(x).backward();
    expect(x.grad?.toFlatArray()).toEqual([0.5, 0.5, 0]);
    const y = tensor([1000, 1000, -1000], { dtype, requiresGrad: true });
    // d/dy sum(logSoftmax(y) * [1, 0, 0]) = e0 - softmax(y) = [0.5, -0.5, 0]
    sum(logSoftmax(y).mul(tensor([1, 0, 0], { dtype }))).backward();
    expect(y.grad?.toFlatArray()).toEqual([0.5, -0.5, 0]);
  });

  it('works along another axis and for rows of -Infinity in logSumExp', () => {
    const x = tensor(
      [
        [1000, -1000],
        [1000, 1000],
      ],
      { dtype },
    );
    expect(softmax(x, 0).toArray()).toEqual([
      [0.5, 0],
      [0.5, 1],
    ]);
    expect(logSumExp(tensor([-Infinity, -Infinity], { dtype })).item()).toBe(-Infinity);
  });
});

describe.each(DTYPES)('sigmoid at +-1000 in %s', (dtype) => {
  it('is exactly [1, 0] with a zero, finite gradient', () => {
    const x = tensor([1000, -1000], { dtype, requiresGrad: true });
    const y = sigmoid(x);
    expect(y.toFlatArray()).toEqual([1, 0]);
    sum(y).backward();
    expect(x.grad?.toFlatArray()).toEqual([0, 0]);
  });

  it('matches 1 / (1 + e^-x) at moderate inputs', () => {
    const xs = [-30, -5, 0, 5, 30];
    const got = sigmoid(tensor(xs, { dtype })).toFlatArray();
    got.forEach((g, i) => expect(g).toBeCloseTo(round(1 / (1 + Math.exp(-xs[i]!)), dtype), 6));
  });
});

describe('NaN propagation', () => {
  it('max and min over axes return NaN where a NaN is present', () => {
    const x = tensor(
      [
        [1, Number.NaN, 3],
        [4, 5, 6],
      ],
      { dtype: 'float64' },
    );
    expect(max(x).item()).toBeNaN();
    const byRow = max(x, 1).toFlatArray();
    expect(byRow[0]).toBeNaN();
    expect(byRow[1]).toBe(6);
    const byCol = max(x, 0).toFlatArray();
    expect(byCol[1]).toBeNaN();
    expect([byCol[0], byCol[2]]).toEqual([4, 6]);
    expect(min(x, 1).toFlatArray()[0]).toBeNaN();
    // NaN first, then larger numbers: NaN still wins
    expect(max(tensor([Number.NaN, 1, 2])).item()).toBeNaN();
  });

  it('maximum and minimum return NaN on either side', () => {
    const a = tensor([1, Number.NaN, Number.NaN, 3]);
    const b = tensor([Number.NaN, 2, Number.NaN, 0]);
    for (const op of [maximum, minimum]) {
      const got = op(a, b).toFlatArray();
      expect(got.slice(0, 3).every(Number.isNaN)).toBe(true);
      expect(got[3]).toBe(op === maximum ? 3 : 0);
    }
  });

  it('matmul propagates NaN from B through a zero in A (0 * NaN is NaN)', () => {
    expect(matmul(tensor([[0, 1]]), tensor([[Number.NaN], [1]])).item()).toBeNaN();
  });

  it('softmax and logSumExp of a row with NaN give NaN, not a silent number', () => {
    expect(
      softmax(tensor([1, Number.NaN]))
        .toFlatArray()
        .every(Number.isNaN),
    ).toBe(true);
    expect(logSumExp(tensor([1, Number.NaN])).item()).toBeNaN();
  });
});
