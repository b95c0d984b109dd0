// Weight decay as a transform: adds weightDecay * w to the updates.
import { checkNumber } from '../validate.js';
import type { GradientTransform } from '../transform.js';
import type { EmptyState } from './scale-by-learning-rate.js';

/**
 * Adds `weightDecay * w` to the updates: `u = u + weightDecay * w`. Before an adaptive scaling it
 * is an L2 penalty folded into the gradient (PyTorch's `weight_decay` on SGD and Adam); after it, as
 * in AdamW, the decay is decoupled from the adaptive scaling (Loshchilov & Hutter 2017,
 * https://arxiv.org/abs/1711.05101). A weightDecay of 0 skips the pass.
 * @param weightDecay `weightDecay >= 0`.
 * @throws ConfigError for a negative or non-finite weightDecay.
 * @example
 * chain(scaleByAdam(), addDecayedWeights(0.01), scaleByLearningRate(1e-3)); // AdamW
 */
export function addDecayedWeights(weightDecay: number): GradientTransform<EmptyState> {
  checkNumber(weightDecay, 'weightDecay', { min: 0 });
  return {
    name: 'addDecayedWeights',
    hyperparams: {},
    init: () => ({}),
    update(updates, _state, ctx) {
      if (weightDecay === 0) return;
      for (let i = 0; i < updates.length; i++) {
        if (ctx.active[i] === 0) continue;
        const u = updates[i]!;
        const w = ctx.params[i]!;
        for (let j = 0; j < u.length; j++) u[j] = u[j]! + weightDecay * w[j]!;
      }
    },
  };
}
