import type { Tensor } from '../tensor/tensor.js';
import { mapUnary } from './unary.js';

/** Elementwise sign: -1, 0 or 1. Not differentiable (records no graph). @example sign(tensor([-3, 0, 2])).toArray(); //=> [-1, 0, 1] */
export function sign(x: Tensor): Tensor {
  return mapUnary(x, (k, a, o) => k.sign(a, o));
}
