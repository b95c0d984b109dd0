import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { greater } from './compare.js';
import { mul } from './mul.js';
import { mapUnary } from './unary.js';

/**
 * Elementwise max(0, x). Gradient: g where x > 0; NOTE: the subgradient at x = 0 is 0 (as PyTorch).
 * @example relu(tensor([-1, 0, 2])).toArray(); //=> [0, 0, 2]
 */
export function relu(x: Tensor): Tensor {
  const out = mapUnary(x, (k, a, o) => k.relu(a, o));
  return record(out, 'relu', [x], (g) => [mul(g, greater(x, 0))]);
}
