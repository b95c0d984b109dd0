// Turning rows of a dataset into the tensors a training step consumes: features as a (batch, d)
// tensor of the model's dtype, targets as class labels or a (batch, yDim) tensor.
import type { DType } from '../backend/backend.js';
import type { Dataset } from '../data/dataset.js';
import type { Labels } from '../losses/targets.js';
import { allocBuf, Tensor } from '../tensor/tensor.js';

/** A dataset ready for training: labels are decoded once for classification losses. */
export interface TrainingData {
  readonly ds: Dataset;
  /** Class labels for classification losses; null for regression (targets are `ds.y`). */
  readonly labels: Int32Array | null;
}

export interface Batch {
  readonly x: Tensor;
  readonly target: Labels | Tensor;
  readonly size: number;
}

/**
 * The rows `indices` of `data` as tensors of `dtype`.
 * @example batchOf(data, Int32Array.from([0, 5, 9]), 'float32').x.shape; //=> [3, d]
 */
export function batchOf(data: TrainingData, indices: Int32Array, dtype: DType): Batch {
  const { ds, labels } = data;
  const b = indices.length;
  const x = allocBuf(dtype, b * ds.d);
  for (let r = 0; r < b; r++) {
    const row = indices[r]!;
    x.set(ds.x.subarray(row * ds.d, (row + 1) * ds.d), r * ds.d);
  }
  const xt = new Tensor(x, [b, ds.d]);
  if (labels !== null) {
    const picked = new Int32Array(b);
    for (let r = 0; r < b; r++) picked[r] = labels[indices[r]!]!;
    return { x: xt, target: picked, size: b };
  }
  const y = allocBuf(dtype, b * ds.yDim);
  for (let r = 0; r < b; r++) {
    const row = indices[r]!;
    y.set(ds.y.subarray(row * ds.yDim, (row + 1) * ds.yDim), r * ds.yDim);
  }
  return { x: xt, target: new Tensor(y, [b, ds.yDim]), size: b };
}

/** Consecutive index ranges [0, n) in chunks of `size` (for evaluation, no shuffling). */
export function* sequentialBatches(n: number, size: number): Generator<Int32Array> {
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    const idx = new Int32Array(end - start);
    for (let i = 0; i < idx.length; i++) idx[i] = start + i;
    yield idx;
  }
}
