import { ShapeError } from '../../errors.js';
import { normalizeAxis } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { permute } from '../permute.js';

/**
 * Reverses the axes (NumPy's transpose), or swaps two axes when given.
 * @example transpose(tensor([[1, 2, 3]])).shape; //=> [3, 1]
 */
export function transpose(x: Tensor, axis0?: number, axis1?: number): Tensor {
  const axes = Array.from({ length: x.rank }, (_, i) => i);
  if (axis0 === undefined && axis1 === undefined) return permute(x, axes.reverse());
  if (axis0 === undefined || axis1 === undefined) throw new ShapeError('transpose: give both axes or neither');
  const a = normalizeAxis('transpose', axis0, x.rank);
  const b = normalizeAxis('transpose', axis1, x.rank);
  [axes[a], axes[b]] = [axes[b]!, axes[a]!];
  return permute(x, axes);
}
