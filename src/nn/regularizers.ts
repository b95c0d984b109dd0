// Penalties added to the data loss (the notes' L2, L1 and ElasticNet) and the max-norm constraint.
// They act on weight parameters only: biases and batch-norm gamma/beta are left alone unless asked.
import { abs } from '../ops/abs.js';
import { add } from '../ops/add.js';
import { mul } from '../ops/mul.js';
import { sum } from '../ops/sum.js';
import { ConfigError } from '../errors.js';
import { zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';
import type { Parameter } from './parameter.js';

/** Which penalties to add; each strength is >= 0, and a missing one is not added. */
export interface RegularizationOptions {
  /** 0.5 * l2 * sum(w^2): its gradient is l2 * w (the notes' form). */
  l2?: number;
  /** l1 * sum(|w|). NOTE: the subgradient at w = 0 is 0. */
  l1?: number;
  /** lambda * sum(alpha * |w| + (1 - alpha) * w^2), alpha in [0, 1]. */
  elasticNet?: { lambda: number; alpha: number };
  /** Also penalize biases and batch-norm parameters (default false, as the notes advise). */
  includeBiases?: boolean;
}

function strength(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && Number.isFinite(value))) {
    throw new ConfigError(name, `expected a strength >= 0, got ${String(value)}`);
  }
  return value;
}

/** The parameters a regularizer acts on: weights, plus biases and norm parameters when asked. */
export function regularizedParameters(model: Module, includeBiases = false): Parameter[] {
  return model.parameters().filter((p) => includeBiases || p.role === 'weight');
}

/**
 * The regularization loss of `model`'s weights, a scalar to add to the data loss before backward.
 * It is 0 (with no graph) when no penalty is set.
 * @throws ConfigError for a negative or non-finite strength, or an alpha outside [0, 1].
 * @example
 * // W = [[1, 2], [3, 4]]: 0.5 * 0.1 * (1 + 4 + 9 + 16) = 1.5
 * regularizationLoss(model, { l2: 0.1 }).item(); //=> 1.5
 */
export function regularizationLoss(model: Module, options: RegularizationOptions): Tensor {
  const l2 = strength(options.l2, 'regularization.l2');
  const l1 = strength(options.l1, 'regularization.l1');
  const en = options.elasticNet;
  const enLambda = strength(en?.lambda, 'regularization.elasticNet.lambda');
  const alpha = en?.alpha ?? 0;
  if (en !== undefined && !(typeof alpha === 'number' && alpha >= 0 && alpha <= 1)) {
    throw new ConfigError(
      'regularization.elasticNet.alpha',
      `expected a number in [0, 1], got ${String(alpha)}`,
    );
  }
  const params = regularizedParameters(model, options.includeBiases ?? false);
  const terms: Tensor[] = [];
  for (const w of params) {
    // Fold the squared and absolute terms of L2, L1 and ElasticNet into one coefficient each.
    const square = 0.5 * l2 + enLambda * (1 - alpha);
    const absolute = l1 + enLambda * alpha;
    if (square > 0) terms.push(mul(sum(mul(w, w)), square));
    if (absolute > 0) terms.push(mul(sum(abs(w)), absolute));
  }
  if (terms.length === 0) return zeros([], { dtype: params[0]?.dtype ?? 'float32' });
  return terms.reduce((a, b) => add(a, b));
}

/**
 * The max-norm constraint, applied in place after each update: every unit's incoming weight vector
 * (a column of a (in, out) weight matrix) whose L2 norm exceeds `c` is scaled down to norm `c`.
 * Records no graph. Returns the number of columns that were clipped.
 * @throws ConfigError unless c > 0.
 * @example applyMaxNorm(model, 3); // afterwards every column of every weight has norm <= 3
 */
export function applyMaxNorm(model: Module, c: number): number {
  if (typeof c !== 'number' || !(c > 0 && Number.isFinite(c))) {
    throw new ConfigError('regularization.maxNorm', `expected a positive number, got ${String(c)}`);
  }
  let clipped = 0;
  for (const w of regularizedParameters(model)) {
    if (w.rank !== 2) continue;
    const [rows, cols] = w.shape as [number, number];
    const d = w.data;
    for (let j = 0; j < cols; j++) {
      let sq = 0;
      for (let i = 0; i < rows; i++) sq += d[i * cols + j]! * d[i * cols + j]!;
      const norm = Math.sqrt(sq);
      if (norm <= c) continue;
      const s = c / norm;
      for (let i = 0; i < rows; i++) d[i * cols + j] = d[i * cols + j]! * s;
      clipped++;
    }
  }
  return clipped;
}
