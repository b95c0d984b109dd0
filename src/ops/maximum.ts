import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastBinary } from './binary.js';
import { equal, greater } from './compare.js';
import type { TensorLike } from './helpers.js';
import { add } from './add.js';
import { mul } from './mul.js';
import { sumTo } from './sum-to.js';

/**
 * Elementwise max(a, b) with broadcasting; NaN wins.
 * Gradient: g to the larger operand; NOTE: on a tie each side gets g/2 (tinygrad's convention).
 * @example maximum(tensor([1, 5]), 3).toArray(); //=> [3, 5]
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const r = broadcastBinary('maximum', (k) => k.maximum, a, b);
  return record(r.out, 'maximum', [r.a, r.b], (g) => {
    const tie = mul(equal(r.a, r.b), 0.5);
    return [
      r.a.requiresGrad ? sumTo(mul(g, add(greater(r.a, r.b), tie)), r.a.shape) : null,
      r.b.requiresGrad ? sumTo(mul(g, add(greater(r.b, r.a), tie)), r.b.shape) : null,
    ];
  });
}
