import { record } from '../autograd/record.js';
import type { DType } from '../backend/backend.js';
import { DTypeError } from '../errors.js';
import { allocBuf, Tensor } from '../tensor/tensor.js';

/**
 * x converted to `dtype` (a copy; x itself when the dtype already matches).
 * Gradient: g converted back to x's dtype.
 * @example cast(tensor([1.5]), 'float64').dtype; //=> 'float64'
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (dtype !== 'float32' && dtype !== 'float64') throw new DTypeError(`cast: unsupported dtype '${String(dtype)}'`);
  if (dtype === x.dtype) return x;
  const data = allocBuf(dtype, x.size);
  data.set(x.data);
  const out = new Tensor(data, x.shape, { backend: x.backend });
  return record(out, 'cast', [x], (g) => [cast(g, x.dtype)]);
}
