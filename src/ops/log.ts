import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { div } from './div.js';
import { mapUnary } from './unary.js';

/** Elementwise natural log. Gradient: g / x. @example log(tensor([1])).toArray(); //=> [0] */
export function log(x: Tensor): Tensor {
  const out = mapUnary(x, (k, a, o) => k.log(a, o));
  return record(out, 'log', [x], (g) => [div(g, x)]);
}
