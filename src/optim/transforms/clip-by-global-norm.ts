// Gradient clipping by the global L2 norm, as a transform and as the kernels clipGradNorm shares.
import type { Buf } from '../../backend/backend.js';
import { checkNumber } from '../validate.js';
import type { GradientTransform } from '../transform.js';
import type { EmptyState } from './scale-by-learning-rate.js';

/**
 * sqrt of the sum of squares over every buffer where `active` is 1 (all when `active` is absent).
 * @example globalNorm([new Float64Array([3]), new Float64Array([4])]); //=> 5
 */
export function globalNorm(bufs: readonly Buf[], active?: Uint8Array): number {
  let sumSq = 0;
  for (let i = 0; i < bufs.length; i++) {
    if (active !== undefined && active[i] === 0) continue;
    const b = bufs[i]!;
    for (let j = 0; j < b.length; j++) sumSq += b[j]! * b[j]!;
  }
  return Math.sqrt(sumSq);
}

/**
 * The factor that brings a norm down to `maxNorm`: `maxNorm / (norm + 1e-6)` when that is below 1,
 * else 1 (PyTorch's clip_grad_norm_, whose 1e-6 keeps the division safe). A non-finite norm gives 1:
 * the values are left alone for the caller to detect the divergence.
 * @example clipFactor(0.5, 1); //=> 1
 */
export function clipFactor(norm: number, maxNorm: number): number {
  if (!Number.isFinite(norm)) return 1;
  const factor = maxNorm / (norm + 1e-6);
  return factor < 1 ? factor : 1;
}

/**
 * Rescales the updates so that their global L2 norm (over all parameters together) is at most
 * `maxNorm`, keeping their direction:
 *
 *     norm = sqrt(sum over all elements of u^2)
 *     u = u * min(1, maxNorm / (norm + 1e-6))
 * @param maxNorm `maxNorm > 0`.
 * @throws ConfigError for a maxNorm that is not positive.
 * @example
 * chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransform<EmptyState> {
  checkNumber(maxNorm, 'maxNorm', { above: 0 });
  return {
    name: 'clipByGlobalNorm',
    hyperparams: {},
    init: () => ({}),
    update(updates, _state, ctx) {
      const factor = clipFactor(globalNorm(updates, ctx.active), maxNorm);
      if (factor === 1) return;
      for (let i = 0; i < updates.length; i++) {
        if (ctx.active[i] === 0) continue;
        const u = updates[i]!;
        for (let j = 0; j < u.length; j++) u[j] = u[j]! * factor;
      }
    },
  };
}
