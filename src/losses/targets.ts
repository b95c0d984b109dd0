// What every loss shares: the reduction over the batch, and the checks that turn a target (class
// labels or a tensor of values) into what the loss formula needs, with errors that name the loss.
import { ConfigError, IndexError, ShapeError } from '../errors.js';
import { cast } from '../ops/cast.js';
import { reshape } from '../ops/reshape.js';
import { sum } from '../ops/sum.js';
import { mean } from '../ops/composites/mean.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Class indices, one per example. */
export type Labels = Int32Array | readonly number[];

/** What a loss reduces its per-example (or per-element) values to: their mean (default), sum, or nothing. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every loss takes. */
export interface LossOptions {
  reduction?: Reduction;
}

/** Applies `reduction` to the unreduced losses. */
export function reduce(values: Tensor, reduction: Reduction = 'mean', loss = 'loss'): Tensor {
  if (reduction === 'mean') return mean(values);
  if (reduction === 'sum') return sum(values);
  if (reduction === 'none') return values;
  throw new ConfigError(
    'reduction',
    `${loss}: expected 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`,
  );
}

/** Throws ShapeError unless `scores` is a non-empty 2-D batch (N, classes). */
export function checkScores(scores: Tensor, loss: string): [number, number] {
  if (scores.rank !== 2 || scores.shape[0] === 0 || scores.shape[1] === 0) {
    throw new ShapeError(
      `${loss}: expected scores of shape (N, classes) with N, classes >= 1, got ${formatShape(scores.shape)}`,
    );
  }
  return [scores.shape[0]!, scores.shape[1]!];
}

/**
 * Class labels as an Int32Array of length `rows`, each in [0, classes). A Tensor of whole numbers
 * (as datasets store labels) is accepted too.
 * @throws ShapeError on a length mismatch; IndexError naming the row of a bad label.
 */
export function toLabels(
  target: Labels | Tensor,
  rows: number,
  classes: number,
  loss: string,
): Int32Array {
  const values: ArrayLike<number> = target instanceof Tensor ? target.data : target;
  if (values.length !== rows) {
    throw new ShapeError(`${loss}: ${values.length} labels for ${rows} examples`);
  }
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new IndexError(
        `${loss}: label ${v} of example ${i} is not a class index in [0, ${classes})`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * The target as a tensor of `pred`'s shape and dtype (same number of values, e.g. (N) for (N, 1)).
 * Targets are data, so a dtype difference is converted rather than refused.
 * @throws ShapeError when the sizes differ.
 */
export function valueTarget(pred: Tensor, target: Tensor | Labels, loss: string): Tensor {
  const t =
    target instanceof Tensor ? target : new Tensor(Float64Array.from(target), [target.length]);
  if (t.size !== pred.size || (t.rank > 0 && pred.rank > 0 && t.shape[0] !== pred.shape[0])) {
    throw new ShapeError(
      `${loss}: target of shape ${formatShape(t.shape)} does not match predictions of shape ${formatShape(pred.shape)}`,
    );
  }
  return reshape(cast(t, pred.dtype), pred.shape);
}
