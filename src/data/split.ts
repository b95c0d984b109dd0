// Train/validation splits by fraction: stratified for classes (each class keeps its share in both
// parts), plain random for regression. Both draw from the seeded Rng passed in.
import { ConfigError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import { classLabels } from './class-labels.js';
import type { Dataset } from './dataset.js';
import { subset } from './subset.js';

/** The two parts of a split and the row numbers (ascending) each took from the original. */
export interface Split {
  readonly train: Dataset;
  readonly validation: Dataset;
  readonly trainIndices: Int32Array;
  readonly validationIndices: Int32Array;
}

/** Options of the split functions. */
export interface SplitOptions {
  /** Config path of the fraction, for messages (e.g. 'data.validation'). Default 'fraction'. */
  readonly path?: string;
  /** What the held-out part is called in messages ('validation', 'test'). Default 'validation'. */
  readonly part?: string;
}

/** round(n * fraction) rows for validation, after checking both parts are non-empty. */
function validationCount(n: number, fraction: number, path: string, part = 'validation'): number {
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    throw new ConfigError(
      path,
      `the ${part} fraction must be a number in (0, 1), got ${fraction}`,
    );
  }
  const v = Math.round(n * fraction);
  if (v < 1 || v > n - 1) {
    throw new ConfigError(
      path,
      `a ${part} fraction of ${fraction} of ${n} rows leaves ${v === 0 ? `the ${part}` : 'the training'} set empty`,
    );
  }
  return v;
}

function finish(ds: Dataset, isValidation: Uint8Array): Split {
  const val: number[] = [];
  const train: number[] = [];
  for (let i = 0; i < ds.n; i++) (isValidation[i] === 1 ? val : train).push(i);
  const trainIndices = Int32Array.from(train);
  const validationIndices = Int32Array.from(val);
  return {
    train: subset(ds, trainIndices),
    validation: subset(ds, validationIndices),
    trainIndices,
    validationIndices,
  };
}

/**
 * Splits a classification dataset so that each class gives (as nearly as whole rows allow) the same
 * `fraction` of its rows to validation. Per-class quotas are rounded by largest remainder so the total
 * is round(n * fraction).
 * @param ds a dataset whose targets are class indices.
 * @param fraction share of rows for validation, in (0, 1).
 * @param rng seeded generator choosing which rows.
 * @throws ConfigError for a fraction outside (0, 1) or one that leaves a part empty; DataError for
 *   targets that are not class indices.
 * @example
 * const { train, validation } = stratifiedSplit(loadDigits(), 0.2, new Rng(0));
 * [train.n, validation.n]; //=> [1438, 359]
 */
export function stratifiedSplit(
  ds: Dataset,
  fraction: number,
  rng: Rng,
  options: SplitOptions = {},
): Split {
  const total = validationCount(ds.n, fraction, options.path ?? 'fraction', options.part);
  const labels = classLabels(ds, undefined, 'stratifiedSplit');
  const byClass = new Map<number, number[]>();
  labels.forEach((c, i) => {
    const list = byClass.get(c);
    if (list === undefined) byClass.set(c, [i]);
    else list.push(i);
  });
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  // Largest remainder: floor every class's exact quota, then hand the rows left to the largest fractions.
  const quota = classes.map((c) => byClass.get(c)!.length * fraction);
  const take = quota.map(Math.floor);
  let left = total - take.reduce((a, b) => a + b, 0);
  const order = classes
    .map((_, k) => k)
    .sort((a, b) => quota[b]! - take[b]! - (quota[a]! - take[a]!) || a - b);
  for (const k of order) {
    if (left <= 0) break;
    take[k]! += 1;
    left -= 1;
  }
  const isValidation = new Uint8Array(ds.n);
  classes.forEach((c, k) => {
    const rows = rng.shuffle(byClass.get(c)!);
    for (let r = 0; r < take[k]!; r++) isValidation[rows[r]!] = 1;
  });
  return finish(ds, isValidation);
}

/**
 * Splits a dataset at random: round(n * fraction) rows go to validation. For regression targets.
 * @param ds the dataset.
 * @param fraction share of rows for validation, in (0, 1).
 * @param rng seeded generator choosing which rows.
 * @throws ConfigError for a fraction outside (0, 1) or one that leaves a part empty.
 * @example
 * randomSplit(ds, 0.25, new Rng(1)).validation.n; //=> 25 for 100 rows
 */
export function randomSplit(
  ds: Dataset,
  fraction: number,
  rng: Rng,
  options: SplitOptions = {},
): Split {
  const v = validationCount(ds.n, fraction, options.path ?? 'fraction', options.part);
  const perm = rng.permutation(ds.n);
  const isValidation = new Uint8Array(ds.n);
  for (let r = 0; r < v; r++) isValidation[perm[r]!] = 1;
  return finish(ds, isValidation);
}
