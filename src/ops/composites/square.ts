import type { Tensor } from '../../tensor/tensor.js';
import { mul } from '../mul.js';

/** Elementwise x^2. @example square(tensor([3])).toArray(); //=> [9] */
export function square(x: Tensor): Tensor {
  return mul(x, x);
}
