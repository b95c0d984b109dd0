import { record } from '../autograd/record.js';
import type { Shape } from '../backend/backend.js';
import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty } from './helpers.js';

/**
 * The box x[starts[0]:ends[0], starts[1]:ends[1], ...] (a copy). Axes not listed are kept whole;
 * negative values count from the end. Gradient: g placed back into zeros (pad).
 * @example slice(tensor([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, 3]).toArray(); //=> [[2, 3], [5, 6]]
 */
export function slice(x: Tensor, starts: readonly number[], ends?: readonly number[]): Tensor {
  if (starts.length > x.rank || (ends !== undefined && ends.length > x.rank)) {
    throw new ShapeError(`slice: more bounds than axes for ${formatShape(x.shape)}`);
  }
  const lo: number[] = [];
  const shape: number[] = [];
  x.shape.forEach((d, i) => {
    const s = norm(starts[i] ?? 0, d);
    const e = norm(ends?.[i] ?? d, d);
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > d || s > e) {
      throw new ShapeError(`slice: bounds [${starts[i]}, ${ends?.[i]}) are out of range for axis ${i} of ${formatShape(x.shape)}`);
    }
    lo.push(s);
    shape.push(e - s);
  });
  const out = empty(shape, x);
  x.backend.slice(x.data, x.shape, lo, out.data, out.shape);
  return record(out, 'slice', [x], (g) => [pad(g, lo, x.shape)]);
}

const norm = (v: number, d: number): number => (v < 0 ? v + d : v);

/**
 * Places x into a tensor of zeros of `shape`, its corner at `starts` (the adjoint of slice).
 * Gradient: the same box sliced out of g.
 * @example pad(tensor([1]), [1], [3]).toArray(); //=> [0, 1, 0]
 */
export function pad(x: Tensor, starts: readonly number[], shape: Shape): Tensor {
  const fits = shape.length === x.rank && x.shape.every((d, i) => (starts[i] ?? 0) >= 0 && (starts[i] ?? 0) + d <= shape[i]!);
  if (!fits) throw new ShapeError(`pad: ${formatShape(x.shape)} at [${starts.join(',')}] does not fit in ${formatShape(shape)}`);
  const at = x.shape.map((_, i) => starts[i] ?? 0);
  const out = empty(shape, x);
  x.backend.sliceAdd(x.data, x.shape, at, out.data, out.shape);
  return record(out, 'pad', [x], (g) => [slice(g, at, at.map((s, i) => s + x.shape[i]!))]);
}
