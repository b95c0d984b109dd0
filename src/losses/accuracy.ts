import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Labels, toLabels } from './targets.js';

/**
 * The fraction of examples whose highest score is the label's (ties go to the lower index). A
 * single column of logits is read as a binary classifier: class 1 where the logit is > 0.
 * @param scores (N, classes) or (N, 1).
 * @param labels N class indices.
 * @example accuracy(tensor([[2, 1], [0, 3]]), [0, 0]); //=> 0.5
 */
export function accuracy(scores: Tensor, labels: Labels | Tensor): number {
  if (scores.rank !== 2)
    throw new ShapeError(
      `accuracy: expected scores of shape (N, classes), got ${formatShape(scores.shape)}`,
    );
  const [rows, cols] = scores.shape as [number, number];
  if (rows === 0) return 0;
  const y = toLabels(labels, rows, Math.max(cols, 2), 'accuracy');
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    if (cols === 1) best = scores.data[i]! > 0 ? 1 : 0;
    else {
      for (let j = 1; j < cols; j++)
        if (scores.data[i * cols + j]! > scores.data[i * cols + best]!) best = j;
    }
    if (best === y[i]) correct++;
  }
  return correct / rows;
}
