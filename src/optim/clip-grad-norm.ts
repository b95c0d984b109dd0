// Gradient clipping by global norm on the parameters' .grad, for the training loop to call
// between backward() and step().
import type { Buf } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { clipFactor } from './transforms/clip-by-global-norm.js';
import { checkNumber, POSITIVE } from './validate.js';

/**
 * Scales all gradients together so that their global L2 norm is at most `maxNorm` (PyTorch's
 * clip_grad_norm_): `g = g * min(1, maxNorm / (norm + 1e-6))`. Parameters without a gradient are
 * ignored. A non-finite norm leaves the gradients unchanged and is returned for the caller to act on.
 * @param maxNorm `maxNorm > 0`.
 * @returns the global norm before clipping.
 * @throws ConfigError for a maxNorm that is not positive.
 * @example
 * loss.backward();
 * const norm = clipGradNorm(model.parameters(), 1); // then optimizer.step()
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number): number {
  checkNumber(maxNorm, 'maxNorm', POSITIVE);
  // Two passes over the list: a one-shot iterable (a generator) must be materialized first.
  const list: readonly Tensor[] = Array.isArray(params) ? params : Array.from(params);
  let sumSq = 0;
  for (let i = 0; i < list.length; i++) {
    const g = list[i]!.grad?.data;
    if (g === undefined) continue;
    for (let j = 0; j < g.length; j++) sumSq += g[j]! * g[j]!;
  }
  const norm = Math.sqrt(sumSq);
  const factor = clipFactor(norm, maxNorm);
  if (factor < 1) {
    for (let i = 0; i < list.length; i++) {
      const g: Buf | undefined = list[i]!.grad?.data;
      if (g === undefined) continue;
      for (let j = 0; j < g.length; j++) g[j] = g[j]! * factor;
    }
  }
  return norm;
}
