import { abs } from '../ops/abs.js';
import { sub } from '../ops/sub.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Labels, type LossOptions, reduce, valueTarget } from './targets.js';

/**
 * Mean absolute error, the notes' L1 loss: mean over every element of |pred - target|.
 * Gradient: sign(pred - target) / count; NOTE: 0 where pred equals target.
 * @example l1(tensor([[1], [-3]]), tensor([0, 0])).item(); //=> 2
 */
export function l1(pred: Tensor, target: Tensor | Labels, options: LossOptions = {}): Tensor {
  return reduce(abs(sub(pred, valueTarget(pred, target, 'l1'))), options.reduction, 'l1');
}
