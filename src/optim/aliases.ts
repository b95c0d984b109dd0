// The optimizers people ask for by name, each a chain of building blocks from transforms/.
// Use them with the Optimizer wrapper: new Optimizer(model.parameters(), adam({ lr: 1e-3 })).
import { adagradFusedStep, adamFusedStep, rmspropFusedStep, withFusedStep } from './fused-step.js';
import { chain, type GradientTransform, named } from './transform.js';
import { addDecayedWeights } from './transforms/add-decayed-weights.js';
import { scaleByAdagrad } from './transforms/scale-by-adagrad.js';
import { scaleByAdam } from './transforms/scale-by-adam.js';
import { scaleByLearningRate } from './transforms/scale-by-learning-rate.js';
import { scaleByRms } from './transforms/scale-by-rms.js';
import { traceMomentum } from './transforms/trace-momentum.js';
import { checkNumber, checkOptionNames } from './validate.js';

/** Options of `sgd`. */
export interface SgdOptions {
  /** Learning rate, `lr >= 0`. Default 1e-3 (PyTorch's). */
  lr?: number;
  /** mu, `0 <= momentum < 1`. Default 0 (vanilla SGD). */
  momentum?: number;
  /** Nesterov's form of momentum (needs momentum > 0). Default false. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient, `weightDecay >= 0`. Default 0. */
  weightDecay?: number;
}

/** Options of `adam` and `adamw`. */
export interface AdamOptions {
  /** Learning rate, `lr >= 0`. Default 1e-3. */
  lr?: number;
  /** First-moment decay, `0 <= beta1 < 1`. Default 0.9. */
  beta1?: number;
  /** Second-moment decay, `0 <= beta2 < 1`. Default 0.999. */
  beta2?: number;
  /** Added to the root of the second moment, `eps >= 0`. Default 1e-8. */
  eps?: number;
  /** Weight decay, `>= 0`: an L2 term in the gradient for adam (default 0), decoupled for adamw (default 0.01). */
  weightDecay?: number;
}

/** Options of `adagrad`. */
export interface AdagradOptions {
  /** Learning rate, `lr >= 0`. Default 0.01. */
  lr?: number;
  /** Added to the root of the sum of squares, `eps >= 0`. Default 1e-10. */
  eps?: number;
  /** L2 penalty added to the gradient, `weightDecay >= 0`. Default 0. */
  weightDecay?: number;
}

/** Options of `rmsprop`. */
export interface RmspropOptions {
  /** Learning rate, `lr >= 0`. Default 0.01. */
  lr?: number;
  /** Decay of the squared-gradient average (PyTorch's alpha), `0 <= decay < 1`. Default 0.99. */
  decay?: number;
  /** Added to the root, `eps >= 0`. Default 1e-8. */
  eps?: number;
  /** L2 penalty added to the gradient, `weightDecay >= 0`. Default 0. */
  weightDecay?: number;
}

/** The option names each alias accepts (the config form uses the same). */
export const ALIAS_OPTIONS = {
  sgd: ['lr', 'momentum', 'nesterov', 'weightDecay'],
  adam: ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'],
  adamw: ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'],
  adagrad: ['lr', 'eps', 'weightDecay'],
  rmsprop: ['lr', 'decay', 'eps', 'weightDecay'],
} as const satisfies Record<string, readonly string[]>;

const decay = (value: unknown, fallback: number): number =>
  checkNumber(value, 'weightDecay', { min: 0 }, fallback);

/**
 * Stochastic gradient descent, with optional momentum (the notes' form, velocity starting at 0):
 *
 *     g = dw + weightDecay * w
 *     momentum = 0:   w = w - lr * g
 *     momentum > 0:   v = momentum * v - lr * g;  w = w + v
 *     nesterov:       v = momentum * v - lr * g;  w = w + momentum * v - lr * g
 *
 * Full-batch gradient descent is the same rule with one batch per epoch. `momentum` stays settable
 * (a momentum schedule) even when it starts at 0.
 * @throws ConfigError naming the bad option.
 * @example
 * const opt = new Optimizer([x], sgd({ lr: 0.1, momentum: 0.9 })); // on x^2 from 5: 4, 2.3, 0.31, ...
 */
export function sgd(options: SgdOptions = {}): GradientTransform {
  checkOptionNames(options, 'sgd', ALIAS_OPTIONS.sgd);
  const lr = checkNumber(options.lr, 'lr', { min: 0 }, 1e-3);
  const momentum = checkNumber(options.momentum, 'momentum', { min: 0, below: 1 }, 0);
  const nesterov = options.nesterov ?? false;
  return named(
    'sgd',
    chain(
      addDecayedWeights(decay(options.weightDecay, 0)),
      scaleByLearningRate(lr),
      traceMomentum({ momentum, nesterov }),
    ),
  );
}

/**
 * Adam with bias correction (Kingma & Ba 2014, https://arxiv.org/abs/1412.6980):
 *
 *     g = dw + weightDecay * w
 *     m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
 *     w = w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 *
 * The optimizer's `momentum` is beta1.
 * @throws ConfigError naming the bad option.
 * @example
 * const opt = new Optimizer(model.parameters(), adam({ lr: 1e-3 }));
 */
export function adam(options: AdamOptions = {}): GradientTransform {
  checkOptionNames(options, 'adam', ALIAS_OPTIONS.adam);
  const lr = checkNumber(options.lr, 'lr', { min: 0 }, 1e-3);
  const { beta1, beta2, eps } = adamBetas(options);
  const weightDecay = decay(options.weightDecay, 0);
  return withFusedStep(
    named('adam', chain(addDecayedWeights(weightDecay), scaleByAdam({ beta1, beta2, eps }), scaleByLearningRate(lr))),
    adamFusedStep({ beta2, eps, weightDecay, decoupled: false, adamIndex: 1 }),
  );
}

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2017, https://arxiv.org/abs/1711.05101):
 *
 *     m, v as in adam (from dw alone)
 *     w = w - lr * ((m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps) + weightDecay * w)
 *
 * Defaults as adam, except weightDecay 0.01 (PyTorch's).
 * @throws ConfigError naming the bad option.
 * @example
 * const opt = new Optimizer(model.parameters(), adamw({ lr: 1e-3, weightDecay: 0.05 }));
 */
export function adamw(options: AdamOptions = {}): GradientTransform {
  checkOptionNames(options, 'adamw', ALIAS_OPTIONS.adamw);
  const lr = checkNumber(options.lr, 'lr', { min: 0 }, 1e-3);
  const { beta1, beta2, eps } = adamBetas(options);
  const weightDecay = decay(options.weightDecay, 0.01);
  return withFusedStep(
    named('adamw', chain(scaleByAdam({ beta1, beta2, eps }), addDecayedWeights(weightDecay), scaleByLearningRate(lr))),
    adamFusedStep({ beta2, eps, weightDecay, decoupled: true, adamIndex: 0 }),
  );
}

/**
 * Adagrad (Duchi, Hazan & Singer 2011, https://jmlr.org/papers/v12/duchi11a.html):
 *
 *     g = dw + weightDecay * w
 *     cache = cache + g^2
 *     w = w - lr * g / (sqrt(cache) + eps)
 * @throws ConfigError naming the bad option.
 * @example
 * const opt = new Optimizer([w], adagrad({ lr: 0.01 }));
 */
export function adagrad(options: AdagradOptions = {}): GradientTransform {
  checkOptionNames(options, 'adagrad', ALIAS_OPTIONS.adagrad);
  const lr = checkNumber(options.lr, 'lr', { min: 0 }, 0.01);
  const eps = checkNumber(options.eps, 'eps', { min: 0 }, 1e-10);
  const weightDecay = decay(options.weightDecay, 0);
  return withFusedStep(
    named('adagrad', chain(addDecayedWeights(weightDecay), scaleByAdagrad({ eps }), scaleByLearningRate(lr))),
    adagradFusedStep({ eps, weightDecay }),
  );
}

/**
 * RMSProp (Hinton, Lecture 6e), as corrected in the notes' errata:
 *
 *     g = dw + weightDecay * w
 *     cache = decay * cache + (1 - decay) * g^2
 *     w = w - lr * g / (sqrt(cache) + eps)
 * @throws ConfigError naming the bad option.
 * @example
 * const opt = new Optimizer([w], rmsprop({ lr: 0.01, decay: 0.99 }));
 */
export function rmsprop(options: RmspropOptions = {}): GradientTransform {
  checkOptionNames(options, 'rmsprop', ALIAS_OPTIONS.rmsprop);
  const lr = checkNumber(options.lr, 'lr', { min: 0 }, 0.01);
  const rmsDecay = checkNumber(options.decay, 'decay', { min: 0, below: 1 }, 0.99);
  const eps = checkNumber(options.eps, 'eps', { min: 0 }, 1e-8);
  const weightDecay = decay(options.weightDecay, 0);
  return withFusedStep(
    named('rmsprop', chain(addDecayedWeights(weightDecay), scaleByRms({ decay: rmsDecay, eps }), scaleByLearningRate(lr))),
    rmspropFusedStep({ decay: rmsDecay, eps, weightDecay }),
  );
}

/** Adam's betas and eps with their defaults, resolved once for both the transform and its fused form. */
function adamBetas(options: AdamOptions): { beta1: number; beta2: number; eps: number } {
  return {
    beta1: checkNumber(options.beta1, 'beta1', { min: 0, below: 1 }, 0.9),
    beta2: checkNumber(options.beta2, 'beta2', { min: 0, below: 1 }, 0.999),
    eps: checkNumber(options.eps, 'eps', { min: 0 }, 1e-8),
  };
}
