import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastBinary } from './binary.js';
import type { TensorLike } from './helpers.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { sumTo } from './sum-to.js';

/**
 * Elementwise a / b with broadcasting. Gradient: g/b to a, -g*a/b^2 = -g*out/b to b.
 * @example div(tensor([1, 3]), 2).toArray(); //=> [0.5, 1.5]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const r = broadcastBinary('div', (k) => k.div, a, b);
  return record(r.out, 'div', [r.a, r.b], (g) => [
    r.a.requiresGrad ? sumTo(div(g, r.b), r.a.shape) : null,
    r.b.requiresGrad ? sumTo(neg(div(mul(g, r.out), r.b)), r.b.shape) : null,
  ]);
}
