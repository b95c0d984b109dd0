import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { mapUnary } from './unary.js';

/** Elementwise tanh. Gradient: g * (1 - tanh^2). @example tanh(tensor([0])).toArray(); //=> [0] */
export function tanh(x: Tensor): Tensor {
  const out = mapUnary(x, (k, a, o) => k.tanh(a, o));
  return record(out, 'tanh', [x], (g) => [mul(g, sub(1, mul(out, out)))]);
}
