import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { div } from './div.js';
import { mul } from './mul.js';
import { mapUnary } from './unary.js';

/** Elementwise square root. Gradient: g / (2 sqrt(x)), infinite at 0. @example sqrt(tensor([4])).toArray(); //=> [2] */
export function sqrt(x: Tensor): Tensor {
  const out = mapUnary(x, (k, a, o) => k.sqrt(a, o));
  return record(out, 'sqrt', [x], (g) => [div(g, mul(out, 2))]);
}
