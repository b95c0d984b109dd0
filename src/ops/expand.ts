import { record } from '../autograd/record.js';
import type { Shape } from '../backend/backend.js';
import { ShapeError } from '../errors.js';
import { broadcastShapes, formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, scalarLike } from './helpers.js';
import { sumTo } from './sum-to.js';

/**
 * Broadcasts x to `shape` (NumPy rules), materialized. Gradient: g summed back to x's shape.
 * @example expand(tensor([1, 2]), [2, 2]).toArray(); //=> [[1, 2], [1, 2]]
 */
export function expand(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  if (!shapesEqual(broadcastShapes('expand', x.shape, shape), shape)) {
    throw new ShapeError(`expand: cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)}`);
  }
  const out = empty(shape, x);
  // Broadcasting copy through the add kernel: x + 0 written at every position of `shape`.
  const zero = scalarLike(0, x);
  x.backend.add(x.data, x.shape, zero.data, zero.shape, out.data, out.shape);
  return record(out, 'expand', [x], (g) => [sumTo(g, x.shape)]);
}
