import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastBinary } from './binary.js';
import type { TensorLike } from './helpers.js';
import { sumTo } from './sum-to.js';

/**
 * Elementwise a + b with NumPy broadcasting. Gradient: g to both, summed over broadcast axes.
 * @example add(tensor([1, 2]), 10).toArray(); //=> [11, 12]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const r = broadcastBinary('add', (k) => k.add, a, b);
  return record(r.out, 'add', [r.a, r.b], (g) => [sumTo(g, r.a.shape), sumTo(g, r.b.shape)]);
}
