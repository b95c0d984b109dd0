import { normalizeAxes } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { div } from '../div.js';
import { sum } from '../sum.js';

/**
 * Mean over `axis` (all axes when omitted): sum / count. Composite, gradient from sum and div.
 * @example mean(tensor([[1, 2], [3, 4]]), 1).toArray(); //=> [1.5, 3.5]
 */
export function mean(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  const axes = normalizeAxes('mean', axis, x.rank);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  return div(sum(x, axes, keepdim), count);
}
