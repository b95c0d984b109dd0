// Heavy-ball and Nesterov momentum as a transform: a velocity buffer per parameter.
import type { Buf } from '../../backend/backend.js';
import { ConfigError } from '../../errors.js';
import { checkBoolean, checkNumber } from '../validate.js';
import { type GradientTransform, zerosPerParam } from '../transform.js';

/** Options of `traceMomentum`. */
export interface TraceMomentumOptions {
  /** mu, the fraction of the velocity kept each step, `0 <= momentum < 1`. Default 0.9. */
  momentum?: number;
  /** Use the Nesterov form. Default false. */
  nesterov?: boolean;
}

/** Velocity v per parameter, starting at 0. */
export type TraceState = { velocity: Buf[] };

/**
 * Momentum (the notes' mu) over the incoming updates u. Placed after `scaleByLearningRate`, u is
 * `-lr * dw` and this is CS231n's form:
 *
 *     v = mu * v + u                 (= mu * v - lr * dw)
 *     u = v                          (heavy ball:  w += v)
 *     u = u + mu * v   (nesterov)    (= -mu * v_prev + (1 + mu) * v)
 *
 * mu is the optimizer's `momentum` hyperparameter (`ctx.hyper.momentum`), so a momentum schedule
 * can anneal it (the notes: 0.5 to 0.99). With a constant lr this equals PyTorch's SGD momentum;
 * when lr changes, the velocity keeps the old lr's steps (the notes' form), where PyTorch would
 * rescale them. Nesterov: Sutskever et al. 2013, http://proceedings.mlr.press/v28/sutskever13.html
 * @throws ConfigError for momentum outside [0, 1), or nesterov with momentum 0.
 * @example
 * chain(scaleByLearningRate(0.1), traceMomentum({ momentum: 0.9, nesterov: true }));
 */
export function traceMomentum(options: TraceMomentumOptions = {}): GradientTransform<TraceState> {
  const momentum = checkNumber(options.momentum, 'momentum', { min: 0, below: 1 }, 0.9);
  const nesterov = checkBoolean(options.nesterov, 'nesterov', false);
  if (nesterov && momentum === 0) {
    throw new ConfigError('nesterov', 'Nesterov momentum needs momentum > 0, got momentum 0');
  }
  return {
    name: nesterov ? 'traceMomentum(nesterov)' : 'traceMomentum',
    hyperparams: { momentum },
    init: (params) => ({ velocity: zerosPerParam(params) }),
    update(updates, state, ctx) {
      const mu = ctx.hyper.momentum;
      for (let i = 0; i < updates.length; i++) {
        if (ctx.active[i] === 0) continue;
        const u = updates[i]!;
        const v = state.velocity[i]!;
        if (nesterov) {
          for (let j = 0; j < u.length; j++) {
            const vj = mu * v[j]! + u[j]!;
            v[j] = vj;
            u[j] = u[j]! + mu * vj;
          }
        } else {
          for (let j = 0; j < u.length; j++) {
            const vj = mu * v[j]! + u[j]!;
            v[j] = vj;
            u[j] = vj;
          }
        }
      }
    },
  };
}
