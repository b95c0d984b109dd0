// The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kegl, "Algorithms for
// Hyper-Parameter Optimization", NeurIPS 2011), as in Hyperopt and Optuna's default sampler:
// after `nStartup` random trials, split the finished trials at the gamma quantile into good and
// bad, fit a Parzen density to each (l and g), draw candidates from l and keep the one with the
// largest l(x) / g(x). By default all dimensions are modelled jointly (Optuna's multivariate TPE,
// joint-parzen.ts); `multivariate: false` models each on its own (the original, univariate TPE).
import { ConfigError } from '../../errors.js';
import { jsonEqual } from '../json.js';
import {
  fromInternal,
  internalRange,
  toInternal,
  type Distribution,
  type Params,
} from '../space.js';
import { score, type Direction, type TrialRecord } from '../trial.js';
import {
  fitCategoricalParzen,
  fitNumericParzen,
  numericLogPdf,
  sampleCategoricalParzen,
  sampleNumericParzen,
} from './parzen.js';
import { fitJointParzen, jointLogPdf, pointToParams, sampleJointParzen } from './joint-parzen.js';
import { sampleSpace } from './random.js';
import type { Rng } from '../../tensor/rng.js';
import type { SampleContext, Sample, Sampler } from './sampler.js';

/** Options (knobs) of TPE; defaults follow Optuna. */
export interface TpeOptions {
  /** Random trials before TPE starts modelling (default 10). */
  readonly nStartup?: number;
  /** Candidates drawn from l(x) per dimension; the best l/g wins (default 24). */
  readonly nCandidates?: number;
  /** How many of n observations count as good (default `defaultGamma`). */
  readonly gamma?: (n: number) => number;
  /** Weights of n observations, oldest first (default `defaultWeights`). */
  readonly weights?: (n: number) => readonly number[];
  /** Weight of the prior component of each density (default 1). */
  readonly priorWeight?: number;
  /** Model all dimensions jointly (default true) rather than each on its own. */
  readonly multivariate?: boolean;
}

/**
 * Optuna's split: the best 10% of observations, at most 25, are good.
 * @example defaultGamma(40); //=> 4
 */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * Hyperopt's split: ceil(0.25 sqrt(n)) observations are good.
 * @example hyperoptGamma(100); //=> 3
 */
export function hyperoptGamma(n: number): number {
  return Math.ceil(0.25 * Math.sqrt(n));
}

/**
 * Optuna's observation weights: equal up to 25 observations; beyond, the 25 newest weigh 1 and the
 * older ones ramp linearly from 1/n up to 1, so that old trials fade.
 * @example defaultWeights(3); //=> [1, 1, 1]
 */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = Array.from({ length: n - 25 }, (_, i) =>
    n === 26 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (n - 26),
  );
  return [...ramp, ...new Array<number>(25).fill(1)];
}

interface Observation {
  readonly trial: TrialRecord;
  /** Lower is better; pruned trials rank after complete ones, deeper first. */
  readonly rank: [number, number, number];
}

/**
 * Splits the finished trials into good (below) and bad (above), each in trial-number order.
 * @example splitObservations(trials, 'minimize', defaultGamma).below.length; //=> defaultGamma(n)
 */
export function splitObservations(
  trials: readonly TrialRecord[],
  direction: Direction,
  gamma: (n: number) => number,
): { below: TrialRecord[]; above: TrialRecord[] } {
  const obs: Observation[] = [];
  for (const t of trials) {
    if (t.state === 'complete' && t.value !== null)
      obs.push({ trial: t, rank: [0, 0, score(t.value, direction)] });
    if (t.state === 'pruned') {
      const last = t.intermediate[t.intermediate.length - 1];
      obs.push({ trial: t, rank: [1, -(last?.step ?? -1), score(last?.value ?? null, direction)] });
    }
  }
  obs.sort(
    (a, b) =>
      a.rank[0] - b.rank[0] ||
      a.rank[1] - b.rank[1] ||
      a.rank[2] - b.rank[2] ||
      a.trial.number - b.trial.number,
  );
  const nBelow = Math.max(1, Math.min(obs.length - 1, Math.floor(gamma(obs.length))));
  const byNumber = (a: TrialRecord, b: TrialRecord): number => a.number - b.number;
  return {
    below: obs
      .slice(0, nBelow)
      .map((o) => o.trial)
      .sort(byNumber),
    above: obs
      .slice(nBelow)
      .map((o) => o.trial)
      .sort(byNumber),
  };
}

interface Knobs {
  nCandidates: number;
  weights: (n: number) => readonly number[];
  priorWeight: number;
}

/** The value of one dimension, chosen by l/g among candidates from l. */
function sampleDimension(
  d: Distribution,
  key: string,
  below: TrialRecord[],
  above: TrialRecord[],
  rng: Rng,
  k: Knobs,
): Params[string] {
  if (d.type === 'fixed') return d.value;
  if (d.type === 'choice') {
    const indices = (ts: TrialRecord[]): number[] =>
      ts.map((t) => d.choices.findIndex((c) => jsonEqual(c, t.params[key]))).filter((i) => i >= 0);
    const bi = indices(below);
    const ai = indices(above);
    const l = fitCategoricalParzen(bi, k.weights(bi.length), d.choices.length, k.priorWeight);
    const g = fitCategoricalParzen(ai, k.weights(ai.length), d.choices.length, k.priorWeight);
    let best = 0;
    let bestRatio = -Infinity;
    for (let c = 0; c < k.nCandidates; c++) {
      const i = sampleCategoricalParzen(l, rng);
      const ratio = Math.log(l.probs[i]!) - Math.log(g.probs[i]!);
      if (ratio > bestRatio) [best, bestRatio] = [i, ratio];
    }
    return d.choices[best]!;
  }
  const [low, high] = internalRange(d);
  const xs = (ts: TrialRecord[]): number[] =>
    ts
      .map((t) => t.params[key])
      .filter((v): v is number => typeof v === 'number')
      .map((v) => toInternal(d, v));
  const bx = xs(below);
  const ax = xs(above);
  const l = fitNumericParzen(bx, k.weights(bx.length), low, high, k.priorWeight);
  const g = fitNumericParzen(ax, k.weights(ax.length), low, high, k.priorWeight);
  let best = (low + high) / 2;
  let bestRatio = -Infinity;
  for (let c = 0; c < k.nCandidates; c++) {
    const x = sampleNumericParzen(l, rng);
    const ratio = numericLogPdf(l, x) - numericLogPdf(g, x);
    if (ratio > bestRatio) [best, bestRatio] = [x, ratio];
  }
  return fromInternal(d, best);
}

/** Joint TPE: candidates drawn from the joint l, scored by the joint l/g. */
function sampleJoint(
  ctx: SampleContext,
  below: TrialRecord[],
  above: TrialRecord[],
  k: Knobs,
): Params {
  const l = fitJointParzen(ctx.space, below, k.weights(below.length), k.priorWeight);
  const g = fitJointParzen(ctx.space, above, k.weights(above.length), k.priorWeight);
  let best = sampleJointParzen(l, ctx.rng);
  let bestRatio = jointLogPdf(l, best) - jointLogPdf(g, best);
  for (let c = 1; c < k.nCandidates; c++) {
    const x = sampleJointParzen(l, ctx.rng);
    const ratio = jointLogPdf(l, x) - jointLogPdf(g, x);
    if (ratio > bestRatio) [best, bestRatio] = [x, ratio];
  }
  return pointToParams(ctx.space, l, best);
}

/**
 * The TPE sampler.
 * @throws ConfigError for a knob out of range.
 * @example search({ space, objective, trials: 50, method: tpeSampler({ nStartup: 10, gamma: defaultGamma }) });
 */
export function tpeSampler(options: TpeOptions = {}): Sampler {
  const nStartup = options.nStartup ?? 10;
  const knobs: Knobs = {
    nCandidates: options.nCandidates ?? 24,
    weights: options.weights ?? defaultWeights,
    priorWeight: options.priorWeight ?? 1,
  };
  const gamma = options.gamma ?? defaultGamma;
  const multivariate = options.multivariate ?? true;
  if (!Number.isInteger(nStartup) || nStartup < 0)
    throw new ConfigError('method.nStartup', `expected an integer >= 0, got ${nStartup}`);
  if (!Number.isInteger(knobs.nCandidates) || knobs.nCandidates < 1) {
    throw new ConfigError(
      'method.nCandidates',
      `expected an integer >= 1, got ${knobs.nCandidates}`,
    );
  }
  if (!(knobs.priorWeight > 0))
    throw new ConfigError('method.priorWeight', `expected a number > 0, got ${knobs.priorWeight}`);
  return {
    name: 'tpe',
    sample(ctx: SampleContext): Sample {
      const finished = ctx.trials.filter(
        (t) => (t.state === 'complete' && t.value !== null) || t.state === 'pruned',
      );
      // Two observations at least: one good and one bad.
      if (finished.length < Math.max(nStartup, 2))
        return { params: sampleSpace(ctx.space, ctx.rng) };
      const { below, above } = splitObservations(finished, ctx.direction, gamma);
      if (multivariate) return { params: sampleJoint(ctx, below, above, knobs) };
      const params: Params = {};
      for (const [key, d] of Object.entries(ctx.space))
        params[key] = sampleDimension(d, key, below, above, ctx.rng, knobs);
      return { params };
    },
  };
}
