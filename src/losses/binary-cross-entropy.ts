import { binaryCrossEntropyFromLogits } from '../ops/binary-cross-entropy-logits.js';
import { DataError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Labels, type LossOptions, reduce, valueTarget } from './targets.js';

/**
 * Binary cross-entropy from logits z with targets y in [0, 1]:
 * -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))), computed stably as
 * max(z, 0) - z y + log(1 + e^{-|z|}) (no overflow for large |z|), averaged over every element.
 * Gradient with respect to z: sigmoid(z) - y (divided by the count), at z = 0 too (1/2 - y).
 * @param logits e.g. (N, 1) for one binary label per example, or (N, K) for K independent labels.
 * @param target 0/1 labels or probabilities, one per logit.
 * @throws DataError when a target lies outside [0, 1].
 * @example binaryCrossEntropy(tensor([[0]]), [1]).item(); //=> 0.6931... (ln 2)
 */
export function binaryCrossEntropy(
  logits: Tensor,
  target: Tensor | Labels,
  options: LossOptions = {},
): Tensor {
  const y = valueTarget(logits, target, 'binaryCrossEntropy');
  for (let i = 0; i < y.size; i++) {
    const v = y.data[i]!;
    if (!(v >= 0 && v <= 1))
      throw new DataError(`binaryCrossEntropy: target ${v} of element ${i} is not in [0, 1]`);
  }
  return reduce(binaryCrossEntropyFromLogits(logits, y), options.reduction, 'binaryCrossEntropy');
}
