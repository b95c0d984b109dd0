// Writing a gradient straight into a leaf's `.grad`. The engine normally receives each input's
// gradient as a new tensor and adds it into the leaf; for a weight matrix that is a fresh buffer the
// size of the weights on every step, garbage proportional to the model. An op whose backward can
// accumulate in place (a GEMM with `accumulate`) uses this instead and hands the engine null.
import type { Buf } from '../backend/backend.js';
import { withBufferPool } from '../context.js';
import { full } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

/** True for a tensor whose gradient the engine would add into its own `.grad` (a leaf that requires grad). */
export function isGradLeaf(t: Tensor): boolean {
  return t.requiresGrad && t.gradFn === null;
}

/**
 * The leaf's `.grad` buffer, created as zeros on first use, for the engine or an op to accumulate
 * into. A gradient outlives the training step that creates it, so it never comes from (or goes back
 * to) the step's BufferPool.
 * @example gradBufferOf(weight); // then backend.matmul(x, dz, out=that buffer, { accumulate: true })
 */
export function gradBufferOf(leaf: Tensor): Buf {
  if (leaf.grad === null) {
    leaf.grad = withBufferPool(null, () => full(leaf.shape, 0, { dtype: leaf.dtype, backend: leaf.backend }));
  }
  return leaf.grad.data;
}
