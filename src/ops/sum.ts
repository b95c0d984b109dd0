import { record } from '../autograd/record.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expand } from './expand.js';
import { empty } from './helpers.js';
import { reshape } from './reshape.js';

/** The shape after reducing `axes`, with size-1 axes kept or dropped. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdim: boolean): number[] {
  return keepdim ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

/**
 * Sum over `axis` (all axes when omitted; negative counts from the end).
 * Gradient: g broadcast back over the reduced axes.
 * @example sum(tensor([[1, 2], [3, 4]]), 0).toArray(); //=> [4, 6]
 */
export function sum(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  const axes = normalizeAxes('sum', axis, x.rank);
  const out = empty(reducedShape(x.shape, axes, keepdim), x);
  x.backend.sum(x.data, x.shape, axes, out.data);
  return record(out, 'sum', [x], (g) => [expand(reshape(g, reducedShape(x.shape, axes, true)), x.shape)]);
}
