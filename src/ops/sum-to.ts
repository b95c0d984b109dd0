// sumTo: the gradient of a broadcast. Sums `g` over the axes along which `shape` was broadcast, so
// every binary op's backward shares this one rule.
import type { Shape } from '../backend/backend.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';

/**
 * Reduces `g` (of the broadcast shape) to `shape` by summing over broadcast axes.
 * @example sumTo(ones([4, 3]), [3]).toArray(); //=> [4, 4, 4]
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return reshape(sum(g, axes, true), shape);
}
