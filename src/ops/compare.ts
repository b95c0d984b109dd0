// Comparisons: 1 where true, 0 where false. Not differentiable (they record no graph); they build
// the masks that backward passes multiply by.
import type { Tensor } from '../tensor/tensor.js';
import { broadcastBinary } from './binary.js';
import type { TensorLike } from './helpers.js';

/** 1 where a > b, else 0, with broadcasting. @example greater(tensor([1, 3]), 2).toArray(); //=> [0, 1] */
export const greater = (a: TensorLike, b: TensorLike): Tensor => broadcastBinary('greater', (k) => k.greater, a, b).out;

/** 1 where a < b, else 0. */
export const less = (a: TensorLike, b: TensorLike): Tensor => broadcastBinary('less', (k) => k.greater, b, a).out;

/** 1 where a == b, else 0. */
export const equal = (a: TensorLike, b: TensorLike): Tensor => broadcastBinary('equal', (k) => k.equal, a, b).out;
