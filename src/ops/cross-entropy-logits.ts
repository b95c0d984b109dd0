import { record } from '../autograd/record.js';
import { isGradEnabled } from '../context.js';
import { IndexError, ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, scalarLike } from './helpers.js';

/**
 * Softmax cross-entropy of (rows, classes) logits against integer labels as one primitive, the mean
 * (default) or sum over rows of logsumexp(s_i) - s_i[y_i], computed in one pass per row by
 * Backend.softmaxCrossEntropy, which also writes the gradient (softmax(s) - onehot(y)) / rows (mean)
 * while the row is in cache; backward only scales it by the incoming gradient.
 * @throws ShapeError unless logits are 2-D with one label per row; IndexError for a label outside [0, classes).
 * @example crossEntropyFromLogits(tensor([[0, 0]]), Int32Array.of(1)).item(); //=> 0.6931... (ln 2)
 */
export function crossEntropyFromLogits(logits: Tensor, labels: Int32Array, reduction: 'mean' | 'sum' = 'mean'): Tensor {
  if (logits.rank !== 2 || logits.shape[0] !== labels.length) {
    throw new ShapeError(
      `crossEntropyFromLogits: expects logits (rows, classes) and one label per row, got logits ${formatShape(logits.shape)} and ${labels.length} labels`,
    );
  }
  const [rows, cols] = [logits.shape[0]!, logits.shape[1]!];
  if (cols === 0 && rows > 0) throw new IndexError('crossEntropyFromLogits: logits have 0 classes, so no label is in range');
  const scale = reduction === 'mean' ? 1 / Math.max(rows, 1) : 1;
  const grad = logits.requiresGrad && isGradEnabled() ? empty(logits.shape, logits) : null;
  const total = logits.backend.softmaxCrossEntropy(logits.data, labels, rows, cols, grad === null ? null : grad.data, scale);
  const out = scalarLike(total * scale, logits);
  return record(out, 'crossEntropyFromLogits', [logits], (g) => {
    const dl = empty(logits.shape, logits);
    logits.backend.scale(grad!.data, g.data[0]!, dl.data);
    return [dl];
  });
}
