// The documented subgradients, exactly at the kinks, where gradcheck cannot look (it skips kinks):
// relu'(0) = 0, |x|'(0) = 0, leakyRelu'(0) = 1, clamp passes the gradient at its bounds, max and
// min ties split the gradient evenly, maximum and minimum ties give half to each side.
// Expected values are written out by hand from those rules.
import { describe, expect, it } from 'vitest';
import { abs, clamp, gather, leakyRelu, max, maximum, min, minimum, mul, relu, scatter, sum } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { ShapeError } from '../../src/errors.js';

const leaf = (values: number[] | number[][]): Tensor => tensor(values, { dtype: 'float64', requiresGrad: true });

/** The gradient of sum(f(x) * w) with respect to x, as nested arrays (w = 1 when omitted). */
function gradOf(x: Tensor, f: (t: Tensor) => Tensor, w?: number[] | number[][]): unknown {
  const y = f(x);
  sum(w === undefined ? y : mul(y, tensor(w, { dtype: 'float64' }))).backward();
  return x.grad!.toArray();
}

describe('subgradients at the kinks', () => {
  it("relu'(0) = 0", () => {
    expect(gradOf(leaf([0, -1, 2, -0]), relu)).toEqual([0, 0, 1, 0]);
  });

  it("|x|'(0) = 0", () => {
    expect(gradOf(leaf([0, -2, 3]), abs)).toEqual([0, -1, 1]);
  });

  it("leakyRelu'(0) = 1 (the x >= 0 branch), alpha below", () => {
    // alpha = 0.25 so that the slope below, 1 + (alpha - 1), is exact in binary.
    expect(gradOf(leaf([0, -1, 2]), (t) => leakyRelu(t, 0.25))).toEqual([1, 0.25, 1]);
    expect(gradOf(leaf([0]), (t) => leakyRelu(t))).toEqual([1]);
  });

  it('clamp passes the gradient at both bounds and stops it outside', () => {
    // low = -1, high = 1: at -1 and 1 the slope is 1, inside 1, outside 0.
    expect(gradOf(leaf([-1, 1, 0, -2, 2]), (t) => clamp(t, -1, 1), [3, 4, 5, 6, 7])).toEqual([3, 4, 5, 0, 0]);
    // low = high: x equal to both bounds still passes.
    expect(gradOf(leaf([0.5, 0.4]), (t) => clamp(t, 0.5, 0.5))).toEqual([1, 0]);
  });

  it('max over all axes splits a tie evenly', () => {
    expect(gradOf(leaf([3, 1, 3]), (t) => max(t))).toEqual([0.5, 0, 0.5]);
    expect(gradOf(leaf([2, 2, 2, 2]), (t) => max(t))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('max over an axis splits each row\'s incoming gradient among that row\'s ties', () => {
    // Row 0: tie of two, incoming 2 -> 1 each. Row 1: tie of three, incoming 3 -> 1 each.
    // Row 2: no tie, incoming 4 -> all to the max.
    const x = leaf([[1, 5, 5], [7, 7, 7], [0, 9, 8]]);
    expect(gradOf(x, (t) => max(t, 1), [2, 3, 4])).toEqual([[0, 1, 1], [1, 1, 1], [0, 4, 0]]);
  });

  it('min splits a tie evenly, like max', () => {
    expect(gradOf(leaf([1, 4, 1, 1]), (t) => min(t))).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
    expect(gradOf(leaf([[2, 2], [1, 3]]), (t) => min(t, 1), [4, 6])).toEqual([[2, 2], [6, 0]]);
  });

  it('maximum gives half of the gradient to each side of a tie', () => {
    const a = leaf([1, 2, 3]);
    const b = leaf([1, 0, 4]);
    sum(mul(maximum(a, b), tensor([2, 3, 5], { dtype: 'float64' }))).backward();
    expect(a.grad!.toArray()).toEqual([1, 3, 0]);
    expect(b.grad!.toArray()).toEqual([1, 0, 5]);
  });

  it('maximum against a broadcast operand sums its halves', () => {
    // b (shape [1]) ties with a[0] and a[2] and loses to a[1]: it gets 0.5 + 0 + 0.5.
    const a = leaf([2, 5, 2]);
    const b = leaf([2]);
    sum(maximum(a, b)).backward();
    expect(a.grad!.toArray()).toEqual([0.5, 1, 0.5]);
    expect(b.grad!.toArray()).toEqual([1]);
  });

  it('minimum gives half of the gradient to each side of a tie', () => {
    const a = leaf([1, 2, 3]);
    const b = leaf([1, 0, 4]);
    sum(mul(minimum(a, b), tensor([2, 3, 5], { dtype: 'float64' }))).backward();
    expect(a.grad!.toArray()).toEqual([1, 0, 5]);
    expect(b.grad!.toArray()).toEqual([1, 3, 0]);
  });
});

describe('gather and scatter name the shape when the index count is wrong', () => {
  it('gather: one index per row of the input', () => {
    expect(() => gather(tensor([[1, 2, 3], [4, 5, 6]]), [1])).toThrow(ShapeError);
    expect(() => gather(tensor([[1, 2, 3], [4, 5, 6]]), [1])).toThrow(
      'gather: 1 indices for input of shape (2,3) (expected 2, one per row)',
    );
  });

  it('scatter: one index per element of src', () => {
    expect(() => scatter(tensor([1, 2]), [0, 1, 2], 3)).toThrow(
      'scatter: 3 indices for src of shape (2) (expected 2, one per element)',
    );
  });
});
