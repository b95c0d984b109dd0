import { record } from '../autograd/record.js';
import type { Shape } from '../backend/backend.js';
import { ShapeError } from '../errors.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * The same values with a new shape (one dimension may be -1, inferred). Shares x's buffer.
 * Gradient: g reshaped back.
 * @example reshape(arange(6), [2, -1]).shape; //=> [2, 3]
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const target = inferShape(x, shape);
  const out = new Tensor(x.data, target, { backend: x.backend });
  return record(out, 'reshape', [x], (g) => [reshape(g, x.shape)]);
}

function inferShape(x: Tensor, shape: Shape): number[] {
  const unknown = shape.filter((d) => d === -1).length;
  const known = sizeOf(shape.filter((d) => d !== -1));
  const bad = unknown > 1 || shape.some((d) => !Number.isInteger(d) || d < -1);
  if (!bad && unknown === 1 && known > 0 && x.size % known === 0) {
    return shape.map((d) => (d === -1 ? x.size / known : d));
  }
  if (!bad && unknown === 0 && known === x.size) return [...shape];
  throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`);
}
