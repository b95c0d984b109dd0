// Shared plumbing for op files: result allocation, number-to-tensor promotion, dtype checks and
// the one place where a broadcast gradient is summed back to its input's shape.
import type { Shape } from '../backend/backend.js';
import { DTypeError } from '../errors.js';
import { allocBuf, scratchBuf, Tensor } from '../tensor/tensor.js';
import { sizeOf } from '../tensor/shape.js';

/** A tensor or a plain number (promoted to a scalar of the other operand's dtype). */
export type TensorLike = Tensor | number;

/** A fresh result tensor of `shape` with the dtype and backend of `like`. */
export function empty(shape: Shape, like: Tensor): Tensor {
  return new Tensor(allocBuf(like.dtype, sizeOf(shape)), shape, { backend: like.backend });
}

/**
 * A result tensor for a kernel that writes every element: inside a training step its buffer may hold
 * the last step's values (not zeroed first, which on a convnet's activations is a pass over MBs).
 */
export function emptyFor(shape: Shape, like: Tensor): Tensor {
  return new Tensor(scratchBuf(like.dtype, sizeOf(shape)), shape, { backend: like.backend });
}

/** A scalar tensor holding `value` with the dtype and backend of `like`. */
export function scalarLike(value: number, like: Tensor): Tensor {
  const t = empty([], like);
  t.data[0] = value;
  return t;
}

/** Promotes numbers to scalars and checks that both operands share a dtype. */
export function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') {
    throw new DTypeError(`${op}: at least one operand must be a Tensor`);
  }
  const ta = typeof a === 'number' ? scalarLike(a, b as Tensor) : a;
  const tb = typeof b === 'number' ? scalarLike(b, ta) : b;
  if (ta.dtype !== tb.dtype) {
    throw new DTypeError(`${op}: operands have different dtypes (${ta.dtype} and ${tb.dtype}); convert one with .to()`);
  }
  return [ta, tb];
}
