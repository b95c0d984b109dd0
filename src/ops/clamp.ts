import { record } from '../autograd/record.js';
import { ConfigError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { less } from './compare.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { mapUnary } from './unary.js';

/**
 * Elementwise min(max(x, low), high). Gradient: g where low <= x <= high, else 0;
 * NOTE: at the bounds themselves the gradient passes (as PyTorch).
 * @example clamp(tensor([-2, 0.5, 3]), 0, 1).toArray(); //=> [0, 0.5, 1]
 */
export function clamp(x: Tensor, low = -Infinity, high = Infinity): Tensor {
  if (!(low <= high)) throw new ConfigError('low', `clamp: low (${low}) must be <= high (${high})`);
  const out = mapUnary(x, (k, a, o) => k.clamp(a, low, high, o));
  // inside = 1 - [x < low] - [x > high]
  return record(out, 'clamp', [x], (g) => [mul(g, sub(sub(1, less(x, low)), less(high, x)))]);
}
