import { record } from '../autograd/record.js';
import { ShapeError } from '../errors.js';
import { formatShape, normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { equal } from './compare.js';
import { div } from './div.js';
import { empty } from './helpers.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';
import { reducedShape, sum } from './sum.js';

/**
 * Maximum over `axis` (all axes when omitted); NaN wins.
 * Gradient: g to the position of the max; NOTE: when several positions tie, g is split evenly
 * among them (tinygrad's convention), so the subgradient sums to g.
 * @example max(tensor([[1, 5], [7, 2]]), 1).toArray(); //=> [5, 7]
 */
export function max(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  const axes = normalizeAxes('max', axis, x.rank);
  if (axes.some((a) => x.shape[a] === 0)) throw new ShapeError(`max: cannot reduce an empty axis of ${formatShape(x.shape)}`);
  const out = empty(reducedShape(x.shape, axes, keepdim), x);
  x.backend.max(x.data, x.shape, axes, out.data);
  return record(out, 'max', [x], (g) => {
    const kept = reducedShape(x.shape, axes, true);
    const mask = equal(x, reshape(out, kept));
    const count = sum(mask, axes, true);
    return [mul(mask, div(reshape(g, kept), count))];
  });
}
