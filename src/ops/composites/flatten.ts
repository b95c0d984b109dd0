import type { Tensor } from '../../tensor/tensor.js';
import { reshape } from '../reshape.js';

/** Keeps the first axis and flattens the rest: (N, ...) -> (N, prod(...)). @example flatten(zeros([2, 3, 4])).shape; //=> [2, 12] */
export function flatten(x: Tensor): Tensor {
  return reshape(x, [x.shape[0] ?? 1, -1]);
}
