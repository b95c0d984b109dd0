import { record } from '../autograd/record.js';
import { DTypeError, ShapeError } from '../errors.js';
import { formatShape, normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty } from './helpers.js';
import { slice } from './slice.js';

/**
 * Joins tensors along `axis`; all other dimensions must agree. Gradient: g sliced back per input.
 * @example concat([tensor([1, 2]), tensor([3])]).toArray(); //=> [1, 2, 3]
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const first = tensors[0];
  if (first === undefined) throw new ShapeError('concat: needs at least one tensor');
  const ax = normalizeAxis('concat', axis, first.rank);
  for (const t of tensors) {
    if (t.dtype !== first.dtype) throw new DTypeError(`concat: dtypes differ (${first.dtype} and ${t.dtype})`);
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new ShapeError(`concat: shapes ${tensors.map((s) => formatShape(s.shape)).join(', ')} differ off axis ${ax}`);
    }
  }
  const shape = [...first.shape];
  shape[ax] = tensors.reduce((n, t) => n + t.shape[ax]!, 0);
  const out = empty(shape, first);
  const offsets: number[] = [];
  let offset = 0;
  for (const t of tensors) {
    const at = shape.map((_, i) => (i === ax ? offset : 0));
    offsets.push(offset);
    t.backend.sliceAdd(t.data, t.shape, at, out.data, out.shape);
    offset += t.shape[ax]!;
  }
  return record(out, 'concat', tensors, (g) =>
    tensors.map((t, k) => {
      const starts = shape.map((_, i) => (i === ax ? offsets[k]! : 0));
      return slice(g, starts, starts.map((s, i) => s + t.shape[i]!));
    }),
  );
}
