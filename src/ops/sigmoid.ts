import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { mapUnary } from './unary.js';

/**
 * Elementwise 1 / (1 + e^-x), computed without overflow. Gradient: g * s * (1 - s).
 * @example sigmoid(tensor([0])).toArray(); //=> [0.5]
 */
export function sigmoid(x: Tensor): Tensor {
  const out = mapUnary(x, (k, a, o) => k.sigmoid(a, o));
  return record(out, 'sigmoid', [x], (g) => [mul(g, mul(out, sub(1, out)))]);
}
