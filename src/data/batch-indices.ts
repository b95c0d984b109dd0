// One epoch's minibatches as lists of row indices: shuffled from a seeded Rng, or in order for
// evaluation.
import { ConfigError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';

/** The batch size used when a config names none (capped at the number of rows). */
export const DEFAULT_BATCH_SIZE = 128;

/**
 * The batch size to use for `n` rows: `batchSize` if given, else 128, never more than n (and at least 1).
 * @example
 * defaultBatchSize(50); //=> 50
 */
export function defaultBatchSize(n: number, batchSize?: number): number {
  return Math.max(1, Math.min(batchSize ?? DEFAULT_BATCH_SIZE, n));
}

/**
 * Splits 0..n-1 into batches of `batchSize` indices; the last batch holds the remainder and may be
 * short. With an `rng` the order is a fresh permutation (one epoch); without, rows stay in order.
 * @param n number of rows.
 * @param batchSize any integer >= 1 (larger than n gives one batch).
 * @param rng the seeded generator; the same state gives the same batches.
 * @returns Int32Array views, one per batch, over one permutation.
 * @throws ConfigError for a batch size that is not an integer >= 1.
 * @example
 * batchIndices(5, 2).map((b) => [...b]); //=> [[0, 1], [2, 3], [4]]
 */
export function batchIndices(n: number, batchSize: number, rng?: Rng): Int32Array[] {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new ConfigError('batchSize', `must be an integer >= 1, got ${batchSize}`);
  }
  if (!(Number.isInteger(n) && n >= 0))
    throw new ConfigError('n', `batchIndices: n must be an integer >= 0, got ${n}`);
  let order: Int32Array;
  if (rng !== undefined) {
    order = rng.permutation(n);
  } else {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  }
  const batches: Int32Array[] = [];
  for (let start = 0; start < n; start += batchSize)
    batches.push(order.subarray(start, Math.min(n, start + batchSize)));
  return batches;
}
