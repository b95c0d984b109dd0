import { abs } from '../ops/abs.js';
import { add } from '../ops/add.js';
import { minimum } from '../ops/minimum.js';
import { mul } from '../ops/mul.js';
import { sub } from '../ops/sub.js';
import { ConfigError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Labels, type LossOptions, reduce, valueTarget } from './targets.js';

export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/**
 * Huber loss (PyTorch's HuberLoss): with d = pred - target, 0.5 d^2 where |d| <= delta and
 * delta (|d| - 0.5 delta) beyond, averaged over every element. Quadratic near the target, linear
 * for the outliers the notes warn make the L2 loss's gradients explode.
 * Computed as 0.5 q^2 + delta (|d| - q) with q = min(|d|, delta), which is the same function.
 * @example huber(tensor([[0.5], [3]]), tensor([0, 0])).item(); //=> (0.125 + 2.5) / 2 = 1.3125
 */
export function huber(pred: Tensor, target: Tensor | Labels, options: HuberOptions = {}): Tensor {
  const delta = options.delta ?? 1;
  if (typeof delta !== 'number' || !(delta > 0 && Number.isFinite(delta))) {
    throw new ConfigError('delta', `huber: expected a positive number, got ${String(delta)}`);
  }
  const a = abs(sub(pred, valueTarget(pred, target, 'huber')));
  const q = minimum(a, delta);
  return reduce(add(mul(mul(q, q), 0.5), mul(sub(a, q), delta)), options.reduction, 'huber');
}
