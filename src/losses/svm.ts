import { add } from '../ops/add.js';
import { gather, scatter } from '../ops/gather.js';
import { mul } from '../ops/mul.js';
import { relu } from '../ops/relu.js';
import { reshape } from '../ops/reshape.js';
import { sub } from '../ops/sub.js';
import { sum } from '../ops/sum.js';
import { ConfigError } from '../errors.js';
import { full } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkScores, type Labels, type LossOptions, reduce, toLabels } from './targets.js';

export interface SvmOptions extends LossOptions {
  /** The margin by which the correct class should win (default 1). */
  delta?: number;
}

/**
 * Multiclass SVM (hinge) loss (Weston & Watkins form, as in CS231n):
 * L_i = sum_{j != y_i} max(0, s_j - s_{y_i} + delta), averaged over the batch.
 * NOTE: at a margin of exactly 0 the subgradient is 0 (relu's convention).
 * @param scores (N, classes).
 * @param labels N class indices.
 * @example svm(tensor([[3.2, 5.1, -1.7]]), [0]).item(); //=> 2.9 (max(0, 5.1-3.2+1) + max(0, -1.7-3.2+1))
 */
export function svm(scores: Tensor, labels: Labels | Tensor, options: SvmOptions = {}): Tensor {
  const [rows, classes] = checkScores(scores, 'svm');
  const y = toLabels(labels, rows, classes, 'svm');
  const delta = options.delta ?? 1;
  if (typeof delta !== 'number' || !(delta >= 0 && Number.isFinite(delta))) {
    throw new ConfigError('delta', `svm: expected a margin >= 0, got ${String(delta)}`);
  }
  const correct = reshape(gather(scores, y), [rows, 1]);
  const margins = relu(add(sub(scores, correct), delta));
  // The j = y_i term would add relu(delta) = delta to every row: mask it out.
  const others = sub(1, scatter(full([rows], 1, { dtype: scores.dtype }), y, classes));
  return reduce(sum(mul(margins, others), 1), options.reduction, 'svm');
}
