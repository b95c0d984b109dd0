import type { Tensor } from '../../tensor/tensor.js';
import { max } from '../max.js';
import { neg } from '../neg.js';

/** Minimum over `axis`: -max(-x); ties split the gradient like max. @example min(tensor([3, 1, 2])).item(); //=> 1 */
export function min(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  return neg(max(neg(x), axis, keepdim));
}
