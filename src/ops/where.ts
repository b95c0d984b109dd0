import { record } from '../autograd/record.js';
import { broadcastShapes } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { empty, operands, scalarLike, type TensorLike } from './helpers.js';
import { sumTo } from './sum-to.js';

/**
 * Elementwise cond ? a : b, where cond is a mask tensor (non-zero means true); all three broadcast.
 * Gradient: g to a where cond holds, to b elsewhere; none to cond.
 * @example where(tensor([1, 0]), tensor([1, 2]), 9).toArray(); //=> [1, 9]
 */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb] =
    a instanceof Tensor || b instanceof Tensor ? operands('where', a, b) : [scalarLike(a, cond), scalarLike(b, cond)];
  const shape = broadcastShapes('where', cond.shape, ta.shape, tb.shape);
  const out = empty(shape, ta);
  ta.backend.where(cond.data, cond.shape, ta.data, ta.shape, tb.data, tb.shape, out.data, out.shape);
  return record(out, 'where', [ta, tb], (g) => [
    ta.requiresGrad ? sumTo(where(cond, g, 0), ta.shape) : null,
    tb.requiresGrad ? sumTo(where(cond, 0, g), tb.shape) : null,
  ]);
}
