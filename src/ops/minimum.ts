import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastBinary } from './binary.js';
import { equal, greater } from './compare.js';
import type { TensorLike } from './helpers.js';
import { add } from './add.js';
import { mul } from './mul.js';
import { sumTo } from './sum-to.js';

/**
 * Elementwise min(a, b) with broadcasting; NaN wins.
 * Gradient: g to the smaller operand; NOTE: on a tie each side gets g/2, as for maximum.
 * @example minimum(tensor([1, 5]), 3).toArray(); //=> [1, 3]
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const r = broadcastBinary('minimum', (k) => k.minimum, a, b);
  return record(r.out, 'minimum', [r.a, r.b], (g) => {
    const tie = mul(equal(r.a, r.b), 0.5);
    return [
      r.a.requiresGrad ? sumTo(mul(g, add(greater(r.b, r.a), tie)), r.a.shape) : null,
      r.b.requiresGrad ? sumTo(mul(g, add(greater(r.a, r.b), tie)), r.b.shape) : null,
    ];
  });
}
