import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './mul.js';
import { sign } from './sign.js';
import { mapUnary } from './unary.js';

/**
 * Elementwise |x|. Gradient: g * sign(x); NOTE: the subgradient at x = 0 is 0.
 * @example abs(tensor([-2, 3])).toArray(); //=> [2, 3]
 */
export function abs(x: Tensor): Tensor {
  const out = mapUnary(x, (k, a, o) => k.abs(a, o));
  return record(out, 'abs', [x], (g) => [mul(g, sign(x))]);
}
