// Adam's direction: bias-corrected first moment over the root of the bias-corrected second moment.
import type { Buf } from '../../backend/backend.js';
import { checkNumber } from '../validate.js';
import { type GradientTransform, zerosPerParam } from '../transform.js';

/** Options of `scaleByAdam`. */
export interface ScaleByAdamOptions {
  /** Decay of the first moment, `0 <= beta1 < 1`. Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, `0 <= beta2 < 1`. Default 0.999. */
  beta2?: number;
  /** Added to the root of the second moment, `eps >= 0`. Default 1e-8. */
  eps?: number;
}

/** count: steps taken (t); mu: first moment m; nu: second moment v. */
export type AdamState = { count: number; mu: Buf[]; nu: Buf[] };

/**
 * Adam's scaling (Kingma & Ba 2014, https://arxiv.org/abs/1412.6980), with bias correction:
 *
 *     t = t + 1
 *     m = beta1 * m + (1 - beta1) * g          (first moment)
 *     v = beta2 * v + (1 - beta2) * g^2        (second moment)
 *     u = (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 *
 * beta1 is the optimizer's `momentum` hyperparameter (`ctx.hyper.momentum`), as in PyTorch's cyclic
 * schedules, so a momentum schedule anneals it. With bias correction the first step is
 * `g / (|g| + eps)`: about sign(g) in every coordinate.
 * NOTE: t counts updates, so a parameter skipped for lack of a gradient still sees t advance.
 * @throws ConfigError for a beta outside [0, 1) or a negative eps.
 * @example
 * chain(scaleByAdam({ beta1: 0.9, beta2: 0.999, eps: 1e-8 }), scaleByLearningRate(1e-3));
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransform<AdamState> {
  const beta1 = checkNumber(options.beta1, 'beta1', { min: 0, below: 1 }, 0.9);
  const beta2 = checkNumber(options.beta2, 'beta2', { min: 0, below: 1 }, 0.999);
  const eps = checkNumber(options.eps, 'eps', { min: 0 }, 1e-8);
  return {
    name: 'scaleByAdam',
    hyperparams: { momentum: beta1 },
    init: (params) => ({ count: 0, mu: zerosPerParam(params), nu: zerosPerParam(params) }),
    update(updates, state, ctx) {
      const b1 = ctx.hyper.momentum;
      state.count += 1;
      const bc1 = 1 - b1 ** state.count;
      // sqrt(v / bc2) = sqrt(v) / sqrt(bc2): one division per element instead of two.
      const rootBc2 = Math.sqrt(1 - beta2 ** state.count);
      for (let i = 0; i < updates.length; i++) {
        if (ctx.active[i] === 0) continue;
        const u = updates[i]!;
        const m = state.mu[i]!;
        const v = state.nu[i]!;
        for (let j = 0; j < u.length; j++) {
          const g = u[j]!;
          const mj = b1 * m[j]! + (1 - b1) * g;
          const vj = beta2 * v[j]! + (1 - beta2) * g * g;
          m[j] = mj;
          v[j] = vj;
          u[j] = mj / bc1 / (Math.sqrt(vj) / rootBc2 + eps);
        }
      }
    },
  };
}
