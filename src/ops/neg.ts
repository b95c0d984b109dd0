import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { mapUnary } from './unary.js';

/** Elementwise -x. Gradient: -g. @example neg(tensor([1, -2])).toArray(); //=> [-1, 2] */
export function neg(x: Tensor): Tensor {
  const out = mapUnary(x, (k, a, o) => k.neg(a, o));
  return record(out, 'neg', [x], (g) => [neg(g)]);
}
