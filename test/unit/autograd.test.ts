// Reverse-mode autodiff: accumulation, grad mode, explicit output gradients, deep graphs, detach and
// requiresGrad propagation. Expected gradients are worked out by hand in each test.
import { describe, expect, it } from 'vitest';
import { noGrad, withGrad } from '../../src/context.js';
import { DTypeError, ShapeError } from '../../src/errors.js';
import '../../src/ops/index.js';
import { add, mul } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';

const f64 = { dtype: 'float64', requiresGrad: true } as const;

describe('backward accumulates', () => {
  it('sums the contributions of a tensor used twice: d/dx (x*x + x) = 2x + 1', () => {
    const x = tensor([1, -2, 3], f64);
    x.mul(x).add(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([3, -3, 7]);
  });

  it('sums through a diamond: y = 2x, z = y*y + 3y, dz/dx = 2 (2y + 3)', () => {
    const x = tensor([0.5, 2], f64);
    const y = x.mul(2);
    y.mul(y).add(y.mul(3)).sum().backward();
    // y = [1, 4]: dz/dy = [5, 11], dz/dx = [10, 22]
    expect(x.grad?.toArray()).toEqual([10, 22]);
  });

  it('adds into .grad across two backward() calls', () => {
    const x = tensor([1, 2], f64);
    x.mul(3).sum().backward();
    x.mul(x).sum().backward();
    // 3 from the first call, 2x from the second
    expect(x.grad?.toArray()).toEqual([5, 7]);
  });

  it('gives the leaf its own gradient buffer (later edits to gradOut do not leak in)', () => {
    const x = tensor([1, 2], f64);
    const g = tensor([10, 20], { dtype: 'float64' });
    x.backward(g);
    g.data[0] = 99;
    expect(x.grad?.toArray()).toEqual([10, 20]);
    expect(x.grad).not.toBe(g);
  });

  it('keeps no gradient on intermediate tensors or on inputs that do not require grad', () => {
    const x = tensor([1, 2], f64);
    const c = tensor([3, 4], { dtype: 'float64' });
    const y = x.mul(c);
    y.sum().backward();
    expect(x.grad?.toArray()).toEqual([3, 4]);
    expect(y.grad).toBeNull();
    expect(c.grad).toBeNull();
  });
});

describe('backward with and without gradOut', () => {
  it('throws ShapeError naming the shape for a non-scalar output without gradOut', () => {
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      f64,
    );
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(ShapeError);
    expect(() => y.backward()).toThrow('(2,3)');
  });

  it('uses gradOut as the vector of the vector-Jacobian product: x*x with g gives 2 x g', () => {
    const x = tensor([1, 2, 3], f64);
    x.mul(x).backward(tensor([1, 0.5, -1], { dtype: 'float64' }));
    expect(x.grad?.toArray()).toEqual([2, 2, -6]);
  });

  it('rejects a gradOut of the wrong shape (naming both) or dtype', () => {
    const y = tensor([1, 2, 3], f64).mul(2);
    expect(() => y.backward(tensor([1, 2], { dtype: 'float64' }))).toThrow(/\(2\).*\(3\)/);
    expect(() => y.backward(tensor([1, 2, 3], { dtype: 'float32' }))).toThrow(DTypeError);
  });

  it('throws when the output does not require grad', () => {
    const y = tensor([1, 2]).mul(2).sum();
    expect(() => y.backward()).toThrow(/does not require grad/);
  });

  it('a scalar of shape (1,1) needs no gradOut', () => {
    const x = tensor([[2]], f64);
    x.mul(x).backward();
    expect(x.grad?.toArray()).toEqual([[4]]);
  });
});

describe('grad mode', () => {
  it('noGrad records nothing', () => {
    const x = tensor([1, 2], f64);
    const y = noGrad(() => x.mul(2).exp());
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(y.isLeaf).toBe(true);
  });

  it('noGrad and withGrad restore the previous mode, also when fn throws', () => {
    const x = tensor([1], f64);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(x.mul(2).requiresGrad).toBe(true);
    noGrad(() => {
      expect(withGrad(true, () => x.mul(2)).requiresGrad).toBe(true);
      expect(x.mul(2).requiresGrad).toBe(false);
    });
  });
});

describe('graph structure', () => {
  it('handles a chain of 10,000 ops without overflowing the stack', () => {
    const x = tensor([1], f64);
    let y = x;
    for (let i = 0; i < 10_000; i++) y = y.mul(1.0001);
    y.sum().backward();
    // d/dx x * 1.0001^10000 = 1.0001^10000, accumulated multiplicatively along the chain
    expect(x.grad?.item()).toBeCloseTo(1.0001 ** 10_000, 9);
  });

  it('handles 10,000 chained adds of the same leaf (a long chain that fans into one input)', () => {
    const x = tensor([2], f64);
    let y = x;
    for (let i = 0; i < 10_000; i++) y = add(y, x);
    y.sum().backward();
    expect(x.grad?.item()).toBe(10_001);
  });

  it('detach stops gradients: d/dx (detach(x) * x) = x, not 2x', () => {
    const x = tensor([3, -1], f64);
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.toArray()).toEqual([3, -1]);
    mul(d, x).sum().backward();
    expect(x.grad?.toArray()).toEqual([3, -1]);
  });

  it('propagates requiresGrad: set when any input requires grad, unset otherwise', () => {
    const a = tensor([1, 2], f64);
    const b = tensor([3, 4], { dtype: 'float64' });
    const ab = a.add(b);
    expect(ab.requiresGrad).toBe(true);
    expect(ab.gradFn?.name).toBe('add');
    expect(ab.isLeaf).toBe(false);
    const bb = b.mul(b);
    expect(bb.requiresGrad).toBe(false);
    expect(bb.gradFn).toBeNull();
    expect(a.isLeaf).toBe(true);
    expect(a.add(1).mul(bb).exp().requiresGrad).toBe(true);
  });
});
