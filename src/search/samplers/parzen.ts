// The one-dimensional Parzen estimators of TPE (Bergstra et al., 2011): a weighted mixture of
// truncated normals for numeric dimensions (in the internal coordinate: log space for log ones) and
// a smoothed weighted histogram for choices. Each includes a prior component so that a region with
// no observations keeps some density.
import type { Rng } from '../../tensor/rng.js';
import { logSumExp, sampleTruncNorm, truncNormLogPdf } from './truncnorm.js';

/** A mixture of truncated normals on [low, high]. */
export interface NumericParzen {
  readonly low: number;
  readonly high: number;
  readonly mus: readonly number[];
  readonly sigmas: readonly number[];
  /** Normalized to sum to 1. */
  readonly weights: readonly number[];
}

/** A categorical distribution over choice indices. */
export interface CategoricalParzen {
  /** Normalized to sum to 1. */
  readonly probs: readonly number[];
}

/**
 * Fits the mixture: one component per observation, with hyperopt's adaptive bandwidth (the larger
 * distance to a neighbouring observation; at the two ends, the distance to the inner neighbour),
 * clipped to [(high - low) / min(100, n + 1), high - low] ("magic clip"); plus a prior component
 * N((low + high) / 2, high - low) of weight `priorWeight`.
 * @example fitNumericParzen([0.2, 0.4], [1, 1], 0, 1, 1).mus; //=> [0.2, 0.4, 0.5]
 */
export function fitNumericParzen(
  xs: readonly number[],
  weights: readonly number[],
  low: number,
  high: number,
  priorWeight: number,
): NumericParzen {
  const width = high - low;
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const sorted = order.map((i) => xs[i]!);
  const n = sorted.length;
  const minSigma = width / Math.min(100, n + 1);
  const sigmas = sorted.map((x, k) => {
    const left = k === 0 ? low : sorted[k - 1]!;
    const right = k === n - 1 ? high : sorted[k + 1]!;
    let s = Math.max(x - left, right - x);
    // NOTE: without endpoints (hyperopt's default), the outermost observations use only their inner
    // neighbour, so a lone point near an edge does not get a huge bandwidth from the edge.
    if (n >= 2 && k === 0) s = right - x;
    if (n >= 2 && k === n - 1) s = x - left;
    return Math.min(width, Math.max(minSigma, s));
  });
  const mus = [...sorted, (low + high) / 2];
  const allSigmas = [...sigmas, width];
  const raw = [...order.map((i) => weights[i]!), priorWeight];
  const total = raw.reduce((a, b) => a + b, 0);
  return { low, high, mus, sigmas: allSigmas, weights: raw.map((w) => w / total) };
}

/**
 * log density of the mixture at x.
 * @example numericLogPdf(fitNumericParzen([], [], 0, 1, 1), 0.5); //=> log of the prior's density
 */
export function numericLogPdf(p: NumericParzen, x: number): number {
  return logSumExp(
    p.mus.map(
      (mu, i) => Math.log(p.weights[i]!) + truncNormLogPdf(x, mu, p.sigmas[i]!, p.low, p.high),
    ),
  );
}

function pick(weights: readonly number[], rng: Rng): number {
  let u = rng.uniform();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/**
 * A draw from the mixture: pick a component by weight, then draw from its truncated normal.
 * @example sampleNumericParzen(p, new Rng(0)); //=> a number in [p.low, p.high]
 */
export function sampleNumericParzen(p: NumericParzen, rng: Rng): number {
  const i = pick(p.weights, rng);
  return sampleTruncNorm(rng, p.mus[i]!, p.sigmas[i]!, p.low, p.high);
}

/**
 * Fits the categorical estimator: each choice gets priorWeight / k plus the weights of the
 * observations that chose it, normalized.
 * @example fitCategoricalParzen([0, 0, 1], [1, 1, 1], 2, 1).probs; //=> [2.5 / 4, 1.5 / 4]
 */
export function fitCategoricalParzen(
  indices: readonly number[],
  weights: readonly number[],
  k: number,
  priorWeight: number,
): CategoricalParzen {
  const counts = new Array<number>(k).fill(priorWeight / k);
  indices.forEach((c, i) => (counts[c] = counts[c]! + weights[i]!));
  const total = counts.reduce((a, b) => a + b, 0);
  return { probs: counts.map((c) => c / total) };
}

/**
 * A draw (a choice index) from the categorical estimator.
 * @example sampleCategoricalParzen({ probs: [0, 1] }, new Rng(0)); //=> 1
 */
export function sampleCategoricalParzen(p: CategoricalParzen, rng: Rng): number {
  return pick(p.probs, rng);
}
