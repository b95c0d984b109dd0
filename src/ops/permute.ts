import { record } from '../autograd/record.js';
import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty } from './helpers.js';

/**
 * Reorders axes: out.shape[i] = x.shape[perm[i]] (a copy). Gradient: g permuted by the inverse.
 * @example permute(zeros([2, 3, 4]), [2, 0, 1]).shape; //=> [4, 2, 3]
 */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const rank = x.rank;
  const p = perm.map((a) => (a < 0 ? a + rank : a));
  const valid = p.length === rank && new Set(p).size === rank && p.every((a) => Number.isInteger(a) && a >= 0 && a < rank);
  if (!valid) throw new ShapeError(`permute: [${perm.join(',')}] is not a permutation of the axes of ${formatShape(x.shape)}`);
  const out = empty(p.map((a) => x.shape[a]!), x);
  x.backend.permute(x.data, x.shape, p, out.data);
  const inverse = new Array<number>(rank);
  p.forEach((a, i) => (inverse[a] = i));
  return record(out, 'permute', [x], (g) => [permute(g, inverse)]);
}
