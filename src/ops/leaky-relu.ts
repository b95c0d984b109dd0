import { record } from '../autograd/record.js';
import { ConfigError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './mul.js';
import { less } from './compare.js';
import { add } from './add.js';
import { mapUnary } from './unary.js';

/**
 * Elementwise x for x >= 0, alpha * x below. Gradient: g * (1 or alpha);
 * NOTE: at x = 0 the slope is 1 (the x >= 0 branch).
 * @example leakyRelu(tensor([-10, 5]), 0.01).toArray(); //=> [-0.1, 5]
 */
export function leakyRelu(x: Tensor, alpha = 0.01): Tensor {
  if (!Number.isFinite(alpha)) throw new ConfigError('alpha', `leakyRelu: alpha must be finite, got ${alpha}`);
  const out = mapUnary(x, (k, a, o) => k.leakyRelu(a, alpha, o));
  // slope = 1 + (alpha - 1) * [x < 0]
  return record(out, 'leakyRelu', [x], (g) => [mul(g, add(mul(less(x, 0), alpha - 1), 1))]);
}
