import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastBinary } from './binary.js';
import type { TensorLike } from './helpers.js';
import { neg } from './neg.js';
import { sumTo } from './sum-to.js';

/**
 * Elementwise a - b with broadcasting. Gradient: g to a, -g to b.
 * @example sub(tensor([5, 7]), tensor([1, 2])).toArray(); //=> [4, 5]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const r = broadcastBinary('sub', (k) => k.sub, a, b);
  return record(r.out, 'sub', [r.a, r.b], (g) => [sumTo(g, r.a.shape), sumTo(neg(g), r.b.shape)]);
}
