// Tensor creation, shape and dtype rules, with the errors people see when they get them wrong.
import { describe, expect, it } from 'vitest';
import { defaultDtype, withDtype } from '../../src/context.js';
import { DTypeError, ShapeError } from '../../src/errors.js';
import { add, concat, matmul, mul, where } from '../../src/ops/index.js';
import { arange, full, ones, onesLike, tensor, zeros, zerosLike } from '../../src/tensor/create.js';
import { Tensor } from '../../src/tensor/tensor.js';
import type { DType } from '../../src/backend/backend.js';

describe('tensor() from nested arrays', () => {
  it('infers the shape and keeps row-major order', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.toFlatArray()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
  });

  it('makes a scalar from a number and a (0) tensor from []', () => {
    const s = tensor(5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(5);
    expect(s.toArray()).toBe(5);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
  });

  it('uses the default dtype (float32) unless told otherwise', () => {
    expect(defaultDtype()).toBe('float32');
    expect(tensor([1]).dtype).toBe('float32');
    expect(tensor([1], { dtype: 'float64' }).dtype).toBe('float64');
    expect(withDtype('float64', () => tensor([1]).dtype)).toBe('float64');
    // float32 storage rounds: 0.1 is not exact
    expect(tensor([0.1]).data[0]).toBe(Math.fround(0.1));
  });

  it('names the path of a ragged entry', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow('values[1]');
    expect(() =>
      tensor([
        [1, 2],
        [3, [4]],
      ] as never),
    ).toThrow('values[1][1]');
    expect(() =>
      tensor([
        [[1], [2]],
        [[3], 4],
      ] as never),
    ).toThrow('values[1][1]');
    expect(() => tensor(['a'] as never)).toThrow('values[0]');
  });

  it('rejects a shape option that does not fit the nested values', () => {
    expect(
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { shape: [4] },
      ).shape,
    ).toEqual([4]);
    expect(() =>
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { shape: [3] },
      ),
    ).toThrow(ShapeError);
    expect(() =>
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { shape: [3] },
      ),
    ).toThrow('(3)');
  });
});

describe('tensor() from flat and typed arrays', () => {
  it('reshapes a flat array with `shape`, and names both sizes when they differ', () => {
    expect(tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/\(2,2\) needs 4 values, got 3/);
  });

  it('takes the dtype of a typed array, or converts to the dtype asked for', () => {
    const a = tensor(new Float64Array([1.5, 2.5]));
    expect(a.dtype).toBe('float64');
    expect(tensor(new Float32Array([1, 2])).dtype).toBe('float32');
    const b = tensor(new Float32Array([0.5, 1]), { dtype: 'float64' });
    expect(b.dtype).toBe('float64');
    expect(b.toFlatArray()).toEqual([0.5, 1]);
    expect(tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).shape).toEqual([2, 2]);
  });

  it('rejects an unknown dtype with DTypeError', () => {
    expect(() => tensor([1], { dtype: 'int32' as DType })).toThrow(DTypeError);
    expect(() => zeros([2], { dtype: 'float16' as DType })).toThrow(DTypeError);
  });

  it('the Tensor constructor checks size against shape', () => {
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrow(
      /\(2,3\) needs 6 elements, got 5/,
    );
    expect(() => new Tensor(new Float32Array(0), [2, -1])).toThrow(ShapeError);
  });

  it('item() needs exactly one element', () => {
    expect(tensor([[7]]).item()).toBe(7);
    expect(() => tensor([1, 2]).item()).toThrow(/\(2\)/);
  });
});

describe('filled tensors and ranges', () => {
  it('zeros, ones and full give the value everywhere, in the dtype asked for', () => {
    expect(zeros([2, 3]).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    const f = full([2, 2], 0.1, { dtype: 'float64' });
    expect(f.dtype).toBe('float64');
    expect(f.toFlatArray()).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(full([], -3).item()).toBe(-3);
    expect(zeros([0, 4]).size).toBe(0);
  });

  it('zerosLike and onesLike copy shape and dtype', () => {
    const x = tensor([[1, 2]], { dtype: 'float64' });
    expect(zerosLike(x).toArray()).toEqual([[0, 0]]);
    expect(onesLike(x).dtype).toBe('float64');
  });

  it('rejects negative or fractional dimensions, naming the shape', () => {
    expect(() => zeros([2, -1])).toThrow('(2,-1)');
    expect(() => ones([1.5])).toThrow(ShapeError);
  });

  it('arange follows NumPy: [start, stop) by step', () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(3, 3).shape).toEqual([0]);
    expect(arange(0, 1, 0.1, { dtype: 'float64' }).size).toBe(10);
    expect(() => arange(0, 1, 0)).toThrow(RangeError);
  });
});

describe('shape and dtype rules of ops', () => {
  it('broadcasting errors name both shapes', () => {
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow(ShapeError);
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow('(2,3) and (4)');
    expect(() => mul(zeros([3, 1]), zeros([2, 4]))).toThrow('(3,1) and (2,4)');
  });

  it('broadcasts (3,1) + (1,4) to (3,4) and (2,3) + (3) to (2,3)', () => {
    expect(add(zeros([3, 1]), zeros([1, 4])).shape).toEqual([3, 4]);
    expect(
      add(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        tensor([10, 20, 30]),
      ).toArray(),
    ).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
  });

  it('matmul names both operands when inner dimensions differ', () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow('(2,3) @ (4,5)');
    expect(() => matmul(zeros([2, 3]), zeros([3]))).toThrow(ShapeError);
  });

  it('mixing float32 and float64 throws DTypeError', () => {
    const a = zeros([2], { dtype: 'float32' });
    const b = zeros([2], { dtype: 'float64' });
    expect(() => add(a, b)).toThrow(DTypeError);
    expect(() => add(a, b)).toThrow(/float32 and float64/);
    expect(() => matmul(zeros([1, 1]), zeros([1, 1], { dtype: 'float64' }))).toThrow(DTypeError);
    expect(() => concat([a, b])).toThrow(DTypeError);
    expect(() => where(ones([2]), a, b)).toThrow(DTypeError);
  });

  it('promotes a plain number to the tensor operand dtype', () => {
    const x = tensor([1, 2], { dtype: 'float64' });
    const y = add(x, 0.1);
    expect(y.dtype).toBe('float64');
    expect(y.toFlatArray()).toEqual([1.1, 2.1]);
    expect(() => add(1 as never, 2 as never)).toThrow(DTypeError);
  });

  it('cast changes dtype, and returns the same tensor when it already matches', () => {
    const x = tensor([0.1], { dtype: 'float64' });
    const y = x.to('float32');
    expect(y.dtype).toBe('float32');
    expect(y.data[0]).toBe(Math.fround(0.1));
    expect(x.to('float64')).toBe(x);
  });
});
