import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastBinary } from './binary.js';
import type { TensorLike } from './helpers.js';
import { sumTo } from './sum-to.js';

/**
 * Elementwise a * b with broadcasting. Gradient: g*b to a, g*a to b.
 * @example mul(tensor([2, 3]), tensor([4, 5])).toArray(); //=> [8, 15]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const r = broadcastBinary('mul', (k) => k.mul, a, b);
  return record(r.out, 'mul', [r.a, r.b], (g) => [
    r.a.requiresGrad ? sumTo(mul(g, r.b), r.a.shape) : null,
    r.b.requiresGrad ? sumTo(mul(g, r.a), r.b.shape) : null,
  ]);
}
