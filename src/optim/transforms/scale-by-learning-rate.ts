// The last link of every alias: scale the updates by -lr, so that `w += u` descends.
import { checkNumber } from '../validate.js';
import type { GradientTransform } from '../transform.js';

/** The state of a transform that keeps none. */
export type EmptyState = { [key: string]: never };

/**
 * Multiplies the updates by `-lr`: `u = -lr * u`. The learning rate is the optimizer's `lr`
 * hyperparameter (`ctx.hyper.lr`), so a schedule changes it by setting `optimizer.lr`; `lr` here is
 * only its initial value.
 * @param lr initial learning rate, `lr >= 0`.
 * @throws ConfigError for a negative or non-finite lr.
 * @example
 * const t = scaleByLearningRate(0.1); // gradient [10] becomes the update [-1]
 */
export function scaleByLearningRate(lr: number): GradientTransform<EmptyState> {
  checkNumber(lr, 'lr', { min: 0 });
  return {
    name: 'scaleByLearningRate',
    hyperparams: { lr },
    init: () => ({}),
    update(updates, _state, ctx) {
      const scale = -ctx.hyper.lr;
      for (let i = 0; i < updates.length; i++) {
        if (ctx.active[i] === 0) continue;
        const u = updates[i]!;
        for (let j = 0; j < u.length; j++) u[j] = u[j]! * scale;
      }
    },
  };
}
