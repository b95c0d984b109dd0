// Adagrad's direction: the gradient over the root of the running sum of its square.
import type { Buf } from '../../backend/backend.js';
import { checkNumber } from '../validate.js';
import { type GradientTransform, zerosPerParam } from '../transform.js';

/** Options of `scaleByAdagrad`. */
export interface ScaleByAdagradOptions {
  /** Added to the root, `eps >= 0`. Default 1e-10 (PyTorch's). */
  eps?: number;
}

/** sum: the per-element sum of squared gradients (the notes' cache), starting at 0. */
export type AdagradState = { sum: Buf[] };

/**
 * Adagrad's scaling (Duchi, Hazan & Singer 2011, https://jmlr.org/papers/v12/duchi11a.html):
 *
 *     cache = cache + g^2
 *     u = g / (sqrt(cache) + eps)
 *
 * Coordinates that see small or rare gradients accumulate less, so they keep larger effective
 * learning rates (the errata's correction of the notes).
 * @throws ConfigError for a negative eps.
 * @example
 * chain(scaleByAdagrad({ eps: 1e-10 }), scaleByLearningRate(0.01));
 */
export function scaleByAdagrad(
  options: ScaleByAdagradOptions = {},
): GradientTransform<AdagradState> {
  const eps = checkNumber(options.eps, 'eps', { min: 0 }, 1e-10);
  return {
    name: 'scaleByAdagrad',
    hyperparams: {},
    init: (params) => ({ sum: zerosPerParam(params) }),
    update(updates, state, ctx) {
      for (let i = 0; i < updates.length; i++) {
        if (ctx.active[i] === 0) continue;
        const u = updates[i]!;
        const cache = state.sum[i]!;
        for (let j = 0; j < u.length; j++) {
          const g = u[j]!;
          const c = cache[j]! + g * g;
          cache[j] = c;
          u[j] = g / (Math.sqrt(c) + eps);
        }
      }
    },
  };
}
