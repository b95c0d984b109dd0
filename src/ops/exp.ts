import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './mul.js';
import { mapUnary } from './unary.js';

/** Elementwise e^x. Gradient: g * e^x, reusing the forward result. @example exp(tensor([0])).toArray(); //=> [1] */
export function exp(x: Tensor): Tensor {
  const out = mapUnary(x, (k, a, o) => k.exp(a, o));
  return record(out, 'exp', [x], (g) => [mul(g, out)]);
}
