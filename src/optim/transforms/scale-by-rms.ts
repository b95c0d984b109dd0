// RMSProp's direction: the gradient over the root of a leaky average of its square.
import type { Buf } from '../../backend/backend.js';
import { checkNumber } from '../validate.js';
import { type GradientTransform, zerosPerParam } from '../transform.js';

/** Options of `scaleByRms`. */
export interface ScaleByRmsOptions {
  /** Decay of the squared-gradient average (PyTorch's alpha), `0 <= decay < 1`. Default 0.99. */
  decay?: number;
  /** Added to the root, `eps >= 0`. Default 1e-8. */
  eps?: number;
}

/** nu: the leaky average of squared gradients (the notes' cache), starting at 0. */
export type RmsState = { nu: Buf[] };

/**
 * RMSProp's scaling (Hinton, Lecture 6e, http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf),
 * in the corrected form of the notes' errata:
 *
 *     cache = decay * cache + (1 - decay) * g^2
 *     u = g / (sqrt(cache) + eps)
 * @throws ConfigError for decay outside [0, 1) or a negative eps.
 * @example
 * chain(scaleByRms({ decay: 0.99 }), scaleByLearningRate(0.01));
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransform<RmsState> {
  const decay = checkNumber(options.decay, 'decay', { min: 0, below: 1 }, 0.99);
  const eps = checkNumber(options.eps, 'eps', { min: 0 }, 1e-8);
  return {
    name: 'scaleByRms',
    hyperparams: {},
    init: (params) => ({ nu: zerosPerParam(params) }),
    update(updates, state, ctx) {
      for (let i = 0; i < updates.length; i++) {
        if (ctx.active[i] === 0) continue;
        const u = updates[i]!;
        const cache = state.nu[i]!;
        for (let j = 0; j < u.length; j++) {
          const g = u[j]!;
          const c = decay * cache[j]! + (1 - decay) * g * g;
          cache[j] = c;
          u[j] = g / (Math.sqrt(c) + eps);
        }
      }
    },
  };
}
