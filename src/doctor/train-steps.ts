// The doctor's miniature training loop: a few optimizer steps on fixed batches, recording the loss
// of each step. Unlike fit it keeps no history, logs nothing and stops at the first non-finite loss.
import type { DType } from '../backend/backend.js';
import type { NamedLoss } from '../losses/loss-by-name.js';
import type { Module } from '../nn/module.js';
import { regularizationLoss, type RegularizationOptions } from '../nn/regularizers.js';
import { add } from '../ops/add.js';
import type { ParameterOptimizer } from '../optim/optimizer.js';
import { stepWith } from '../optim/step-with.js';
import type { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Batch, batchOf, type TrainingData } from '../train/batch.js';
import { DOCTOR_DTYPE } from './doctor-input.js';

export interface TrainStepsOptions {
  readonly model: Module;
  readonly optimizer: ParameterOptimizer;
  readonly loss: NamedLoss;
  /** The batches to cycle through, one per step. */
  readonly batches: readonly Batch[];
  readonly steps: number;
  readonly regularization?: RegularizationOptions;
  /** Called after each step (e.g. to read the optimizer's update norms). */
  readonly afterStep?: (step: number) => void;
  /** Stop as soon as this returns true for the step's output and loss. */
  readonly stopWhen?: (out: Tensor, batch: Batch, loss: number) => boolean;
}

/**
 * Runs up to `steps` optimizer steps and returns the loss (data + penalty) before each one; stops
 * early at a non-finite loss (which is returned as the last entry) or when `stopWhen` says so.
 * @example trainSteps({ model, optimizer, loss, batches, steps: 10 }).at(-1); //=> 0.41
 */
export function trainSteps(o: TrainStepsOptions): number[] {
  const losses: number[] = [];
  for (let s = 0; s < o.steps; s++) {
    const batch = o.batches[s % o.batches.length]!;
    const lossOf = (out: Tensor): Tensor => {
      const data = o.loss.fn(out, batch.target);
      return o.regularization === undefined ? data : add(data, regularizationLoss(o.model, o.regularization));
    };
    const out = o.model.forward(batch.x);
    const total = lossOf(out);
    const value = total.item();
    losses.push(value);
    if (!Number.isFinite(value) || o.stopWhen?.(out, batch, value) === true) break;
    stepWith(o.optimizer, total, () => lossOf(o.model.forward(batch.x)));
    o.afterStep?.(s);
  }
  return losses;
}

/**
 * `k` distinct row indices of [0, n) drawn with `rng`, in increasing order (all rows when k >= n).
 * @example sampleRows(100, 3, new Rng(0)).length; //=> 3
 */
export function sampleRows(n: number, k: number, rng: Rng): Int32Array {
  if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
  return rng.permutation(n).subarray(0, k).sort();
}

/**
 * `count` batches of `size` rows drawn without replacement (as far as the data goes), of `dtype`.
 * @example fewBatches(train, 64, 3, new Rng(0)).length; //=> 3
 */
export function fewBatches(data: TrainingData, size: number, count: number, rng: Rng, dtype: DType = DOCTOR_DTYPE): Batch[] {
  const n = data.ds.n;
  const perm = rng.permutation(n);
  const b = Math.max(1, Math.min(size, n));
  const out: Batch[] = [];
  for (let i = 0; i < count; i++) {
    const start = (i * b) % n;
    const idx = start + b <= n ? perm.slice(start, start + b) : Int32Array.from({ length: b }, (_, j) => perm[(start + j) % n]!);
    out.push(batchOf(data, idx, dtype));
  }
  return out;
}
