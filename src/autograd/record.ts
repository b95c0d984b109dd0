// How an op joins the graph: `record` marks its result as needing grad and attaches the backward
// closure, but only when grad mode is on and some input requires grad (define-by-run).
import { isGradEnabled } from '../context.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Attaches `backward` to `out` when the graph is being recorded, and returns `out`.
 * `backward(gradOut)` returns one gradient per input (null for inputs that need none), each with
 * that input's shape, and is written with ops so that it is itself differentiable.
 */
export function record(
  out: Tensor,
  name: string,
  inputs: readonly Tensor[],
  backward: (gradOut: Tensor) => readonly (Tensor | null)[],
): Tensor {
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradFn = { name, inputs, backward };
  }
  return out;
}
