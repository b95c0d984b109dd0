// The shared forward of broadcasting binary ops: promote, broadcast the shapes, run the kernel.
import type { BinaryKernel } from '../backend/backend.js';
import { broadcastShapes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, operands, type TensorLike } from './helpers.js';

/** Runs a broadcasting kernel; returns the result with its promoted operands. */
export function broadcastBinary(
  op: string,
  pick: (k: Tensor['backend']) => BinaryKernel,
  a: TensorLike,
  b: TensorLike,
): { out: Tensor; a: Tensor; b: Tensor } {
  const [ta, tb] = operands(op, a, b);
  const shape = broadcastShapes(op, ta.shape, tb.shape);
  const out = empty(shape, ta);
  pick(ta.backend)(ta.data, ta.shape, tb.data, tb.shape, out.data, out.shape);
  return { out, a: ta, b: tb };
}
