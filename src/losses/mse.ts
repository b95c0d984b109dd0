import { mul } from '../ops/mul.js';
import { sub } from '../ops/sub.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Labels, type LossOptions, reduce, valueTarget } from './targets.js';

/**
 * Mean squared error, the notes' L2 loss: mean over every element of (pred - target)^2 (PyTorch's
 * MSELoss; for one output per example it is the mean over the batch of ||f - y||^2).
 * Gradient: 2 (pred - target) / count. Not robust to outliers; see huber.
 * @param pred predictions, e.g. (N, outputs).
 * @param target values with the same number of elements (a (N) target fits (N, 1) predictions).
 * @example mse(tensor([[1], [3]]), tensor([0, 0])).item(); //=> 5
 */
export function mse(pred: Tensor, target: Tensor | Labels, options: LossOptions = {}): Tensor {
  const d = sub(pred, valueTarget(pred, target, 'mse'));
  return reduce(mul(d, d), options.reduction, 'mse');
}
