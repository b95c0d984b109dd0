// Edge cases of shapes and axes: zero-size tensors, full reductions to a scalar, reshape with -1,
// negative slice bounds, and the messages people get for a bad axis.
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/errors.js';
import {
  add,
  concat,
  exp,
  logSoftmax,
  logSumExp,
  max,
  mean,
  mul,
  pad,
  permute,
  relu,
  reshape,
  slice,
  softmax,
  sum,
  transpose,
} from '../../src/ops/index.js';
import { arange, ones, tensor, zeros } from '../../src/tensor/create.js';

const grid = (rows: number, cols: number) =>
  reshape(arange(rows * cols, undefined, 1, { dtype: 'float64' }), [rows, cols]);

describe('zero-size tensors', () => {
  it('pass through elementwise ops with their shape', () => {
    const x = zeros([0, 3]);
    expect(exp(x).shape).toEqual([0, 3]);
    expect(relu(x).shape).toEqual([0, 3]);
    expect(add(x, ones([3])).shape).toEqual([0, 3]);
    expect(mul(x, 2).shape).toEqual([0, 3]);
    expect(add(zeros([2, 0]), ones([2, 1])).shape).toEqual([2, 0]);
  });

  it('sum to 0 (the empty sum) over the empty axis, and to an empty tensor over the other', () => {
    const x = zeros([0, 3]);
    expect(sum(x).item()).toBe(0);
    expect(sum(x, 0).toArray()).toEqual([0, 0, 0]);
    expect(sum(x, 1).shape).toEqual([0]);
    expect(sum(x, 0, true).shape).toEqual([1, 3]);
  });

  it('max over an empty axis throws, naming the shape', () => {
    expect(() => max(zeros([0, 3]), 0)).toThrow(ShapeError);
    expect(() => max(zeros([0, 3]), 0)).toThrow('(0,3)');
    expect(max(zeros([0, 3]), 1).shape).toEqual([0]);
  });

  it('backpropagate to a zero-size gradient', () => {
    const x = zeros([0, 3], { dtype: 'float64', requiresGrad: true });
    const w = ones([3], { dtype: 'float64', requiresGrad: true });
    sum(mul(exp(x), w)).backward();
    expect(x.grad?.shape).toEqual([0, 3]);
    expect(w.grad?.toArray()).toEqual([0, 0, 0]);
  });

  it('slice to an empty box and concat with an empty piece', () => {
    expect(slice(grid(2, 3), [0, 2], [2, 2]).shape).toEqual([2, 0]);
    expect(concat([grid(2, 3), zeros([0, 3], { dtype: 'float64' })], 0).toArray()).toEqual(
      grid(2, 3).toArray(),
    );
  });
});

describe('reductions over all axes', () => {
  it('reduce to a scalar of shape ()', () => {
    const x = grid(2, 3); // 0..5
    expect(sum(x).shape).toEqual([]);
    expect(sum(x).item()).toBe(15);
    expect(mean(x).item()).toBe(2.5);
    expect(max(x).item()).toBe(5);
    expect(logSumExp(x).item()).toBeCloseTo(
      Math.log([0, 1, 2, 3, 4, 5].reduce((a, v) => a + Math.exp(v), 0)),
      12,
    );
    expect(sum(x, [0, 1]).shape).toEqual([]);
    expect(sum(x, [-1, -2, 0]).item()).toBe(15);
  });

  it('keep every axis as size 1 with keepdim', () => {
    expect(sum(grid(2, 3), undefined, true).shape).toEqual([1, 1]);
    expect(max(zeros([2, 3, 4]), undefined, true).shape).toEqual([1, 1, 1]);
  });

  it('a negative axis equals its positive twin', () => {
    const x = grid(3, 4);
    expect(sum(x, -1).toArray()).toEqual(sum(x, 1).toArray());
    expect(max(x, -2, true).toArray()).toEqual(max(x, 0, true).toArray());
    expect(softmax(x, -2).toArray()).toEqual(softmax(x, 0).toArray());
  });
});

describe('reshape and slice', () => {
  it('reshape infers one -1 dimension', () => {
    const x = zeros([2, 3, 4]);
    expect(reshape(x, [-1, 4]).shape).toEqual([6, 4]);
    expect(reshape(x, [2, -1]).shape).toEqual([2, 12]);
    expect(reshape(x, [-1]).shape).toEqual([24]);
    expect(reshape(zeros([0, 3]), [-1, 3]).shape).toEqual([0, 3]);
  });

  it('reshape names both shapes when it cannot', () => {
    expect(() => reshape(zeros([2, 3]), [4, -1])).toThrow('(2,3) (6 elements) to (4,-1)');
    expect(() => reshape(zeros([2, 3]), [-1, -1])).toThrow(ShapeError);
    expect(() => reshape(zeros([2, 3]), [5])).toThrow(ShapeError);
  });

  it('slice takes negative bounds from the end, like Python', () => {
    expect(slice(arange(6), [-4], [-1]).toArray()).toEqual([2, 3, 4]);
    expect(slice(grid(3, 4), [-2, 1], [3, -1]).toArray()).toEqual([
      [5, 6],
      [9, 10],
    ]);
  });

  it('slice reads a column and pad / concat write one (regression: row stride assumed 1)', () => {
    expect(slice(grid(3, 4), [0, 1], [3, 2]).toArray()).toEqual([[1], [5], [9]]);
    expect(pad(tensor([[1], [2]]), [0, 1], [2, 3]).toArray()).toEqual([
      [0, 1, 0],
      [0, 2, 0],
    ]);
    expect(concat([tensor([[1], [2], [3]]), tensor([[4], [5], [6]])], 1).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  it('slice rejects bounds outside the axis, naming it', () => {
    expect(() => slice(grid(2, 3), [0, 1], [2, 4])).toThrow(/axis 1 of \(2,3\)/);
    expect(() => slice(grid(2, 3), [-3])).toThrow(ShapeError);
    expect(() => slice(grid(2, 3), [0, 0, 0])).toThrow(ShapeError);
  });
});

describe('bad axes', () => {
  const x = zeros([2, 3]);

  it.each([
    ['sum', () => sum(x, 2), /sum: axis 2 is out of range for a tensor of rank 2/],
    ['max', () => max(x, -3), /max: axis -3 is out of range/],
    ['mean', () => mean(x, [0, 5]), /mean: axis 5/],
    ['softmax', () => softmax(x, 2), /softmax: axis 2/],
    ['logSoftmax', () => logSoftmax(x, -3), /logSoftmax: axis -3/],
    ['logSumExp', () => logSumExp(x, 4), /logSumExp: axis 4/],
    ['concat', () => concat([x, x], 2), /concat: axis 2/],
    ['transpose', () => transpose(x, 5, 0), /transpose: axis 5/],
    [
      'permute',
      () => permute(x, [0, 2]),
      /permute: \[0,2\] is not a permutation of the axes of \(2,3\)/,
    ],
    ['sum (fractional)', () => sum(x, 0.5), /axis 0.5/],
  ])('%s throws ShapeError naming the axis', (_name, f, message) => {
    expect(f).toThrow(ShapeError);
    expect(f).toThrow(message);
  });
});
