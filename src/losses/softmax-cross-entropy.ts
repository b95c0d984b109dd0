import { crossEntropyFromLogits } from '../ops/cross-entropy-logits.js';
import { gather } from '../ops/gather.js';
import { logSoftmax } from '../ops/log-softmax.js';
import { neg } from '../ops/neg.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkScores, type Labels, type LossOptions, reduce, toLabels } from './targets.js';

/**
 * Softmax cross-entropy from logits: L_i = -log(e^{s_{y_i}} / sum_j e^{s_j}) = -logSoftmax(s)_{y_i},
 * computed stably (log-sum-exp with the row max subtracted), averaged over the batch.
 * Gradient with respect to s: (softmax(s) - onehot(y)) / N.
 * @param logits (N, classes) unnormalized scores.
 * @param labels N class indices (Int32Array, number[], or a tensor of whole numbers).
 * @throws ShapeError on shape mismatch; IndexError for a label outside [0, classes).
 * @example softmaxCrossEntropy(tensor([[0, 0, 0]]), [1]).item(); //=> 1.0986... (ln 3)
 */
export function softmaxCrossEntropy(
  logits: Tensor,
  labels: Labels | Tensor,
  options: LossOptions = {},
): Tensor {
  const [rows, classes] = checkScores(logits, 'softmaxCrossEntropy');
  const y = toLabels(labels, rows, classes, 'softmaxCrossEntropy');
  const reduction = options.reduction ?? 'mean';
  // Mean and sum: one fused primitive (loss and gradient in one pass per row, issue 8).
  if (reduction === 'mean' || reduction === 'sum') return crossEntropyFromLogits(logits, y, reduction);
  return reduce(neg(gather(logSoftmax(logits, -1), y)), options.reduction, 'softmaxCrossEntropy');
}
