// Coarse-to-fine search (the notes: "stage the search from coarse to fine"): stage 0 runs random
// trials over the whole space with a small epoch budget; each later stage runs random trials over a
// space narrowed around the best trials of the stage before, usually with more epochs.
//
// Narrowing rule, per numeric dimension, in the internal coordinate (log space for log dimensions):
// take the complete trials of the previous stage, keep the best `top` fraction (at least one), take
// the interval their values span, widen each side by `margin` times the previous stage's range
// width, and clip to the original range. Ints round outward; a range that collapses to one value
// becomes fixed. Choices keep those that appear among the kept trials. Fixed values stay.
import { ConfigError } from '../../errors.js';
import { jsonEqual } from '../json.js';
import {
  isLog,
  isNumeric,
  type Distribution,
  type NumericDist,
  type SearchSpace,
} from '../space.js';
import { score, type Direction, type TrialRecord } from '../trial.js';
import { sampleSpace } from './random.js';
import type { SampleContext, Sample, Sampler, Stage } from './sampler.js';

/** Options of coarse-to-fine search. */
export interface CoarseToFineOptions {
  /** The stages, in order: finished trials each needs, and their epoch budget. */
  readonly stages: readonly Stage[];
  /** Fraction of the previous stage's complete trials that sets the new ranges (default 0.25). */
  readonly top?: number;
  /** Widening of each side, as a fraction of the previous range's width (default 0.1). */
  readonly margin?: number;
}

function narrowNumeric(
  prev: NumericDist,
  orig: NumericDist,
  values: number[],
  margin: number,
): Distribution {
  const t = (v: number): number => (isLog(orig) ? Math.log(v) : v);
  const inv = (x: number): number => (isLog(orig) ? Math.exp(x) : x);
  const m = margin * (t(prev.high) - t(prev.low));
  let low = Math.max(t(orig.low), Math.min(...values.map(t)) - m);
  let high = Math.min(t(orig.high), Math.max(...values.map(t)) + m);
  low = Math.max(orig.low, inv(low));
  high = Math.min(orig.high, inv(high));
  if (orig.type === 'int') {
    low = Math.floor(low + 1e-9);
    high = Math.ceil(high - 1e-9);
  }
  if (!(low < high)) return { type: 'fixed', value: orig.type === 'int' ? Math.round(low) : low };
  return { ...orig, low, high };
}

/**
 * The space of the next stage, narrowed around the best trials of the previous one.
 * @param previous the space the previous stage searched; `original` the study's space (for clipping).
 * @example
 * narrowSpace({ x: uniform(0, 10) }, { x: uniform(0, 10) }, trialsWithBestNear3, 'minimize');
 * //=> { x: { type: 'uniform', low: ~2, high: ~4 } }
 */
export function narrowSpace(
  previous: SearchSpace,
  original: SearchSpace,
  trials: readonly TrialRecord[],
  direction: Direction,
  options: { top?: number; margin?: number } = {},
): SearchSpace {
  const complete = trials.filter((t) => t.state === 'complete' && t.value !== null);
  if (complete.length === 0) return previous;
  complete.sort((a, b) => score(a.value, direction) - score(b.value, direction));
  const kept = complete.slice(0, Math.max(1, Math.ceil((options.top ?? 0.25) * complete.length)));
  const out: Record<string, Distribution> = {};
  for (const [key, prev] of Object.entries(previous)) {
    const orig = original[key]!;
    const values = kept.map((t) => t.params[key]);
    if (prev.type === 'choice') {
      const choices = prev.choices.filter((c) => values.some((v) => jsonEqual(v, c)));
      out[key] = choices.length === 0 ? prev : { type: 'choice', choices };
    } else if (isNumeric(prev) && isNumeric(orig)) {
      const nums = values.filter((v): v is number => typeof v === 'number');
      out[key] = nums.length === 0 ? prev : narrowNumeric(prev, orig, nums, options.margin ?? 0.1);
    } else {
      out[key] = prev;
    }
  }
  return out;
}

/**
 * The coarse-to-fine sampler. Its budget is the sum of its stages' trials.
 * @throws ConfigError for empty stages or a `top`/`margin` out of range.
 * @example
 * coarseToFineSampler({ stages: [{ trials: 30, epochs: 2 }, { trials: 10, epochs: 20 }] });
 */
export function coarseToFineSampler(options: CoarseToFineOptions): Sampler {
  const { stages } = options;
  if (!Array.isArray(stages) || stages.length === 0)
    throw new ConfigError('method.stages', 'expected at least one stage');
  stages.forEach((s, i) => {
    if (!Number.isInteger(s.trials) || s.trials < 1) {
      throw new ConfigError(
        `method.stages.${i}.trials`,
        `expected an integer >= 1, got ${String(s.trials)}`,
      );
    }
    if (s.epochs !== undefined && (!Number.isInteger(s.epochs) || s.epochs < 1)) {
      throw new ConfigError(
        `method.stages.${i}.epochs`,
        `expected an integer >= 1, got ${String(s.epochs)}`,
      );
    }
  });
  const top = options.top ?? 0.25;
  const margin = options.margin ?? 0.1;
  if (!(top > 0 && top <= 1))
    throw new ConfigError('method.top', `expected 0 < top <= 1, got ${top}`);
  if (!(margin >= 0)) throw new ConfigError('method.margin', `expected margin >= 0, got ${margin}`);
  const spaces = (
    space: SearchSpace,
    trials: readonly TrialRecord[],
    direction: Direction,
    upTo: number,
  ): SearchSpace[] => {
    const out = [space];
    for (let s = 1; s <= upTo; s++) {
      const previous = trials.filter((t) => t.stage === s - 1);
      out.push(narrowSpace(out[s - 1]!, space, previous, direction, { top, margin }));
    }
    return out;
  };
  return {
    name: 'coarseToFine',
    sample(ctx: SampleContext): Sample {
      const space = spaces(ctx.space, ctx.trials, ctx.direction, ctx.stage)[ctx.stage]!;
      return { params: sampleSpace(space, ctx.rng) };
    },
    stages(_space: SearchSpace, requested: number | undefined): readonly Stage[] {
      const total = stages.reduce((n, s) => n + s.trials, 0);
      if (requested !== undefined && requested !== total) {
        throw new ConfigError(
          'trials',
          `${requested} trials requested but the coarse-to-fine stages sum to ${total}`,
        );
      }
      return stages;
    },
    stageSpaces(
      space: SearchSpace,
      trials: readonly TrialRecord[],
      direction: Direction,
    ): SearchSpace[] {
      const reached = trials.reduce((m, t) => Math.max(m, t.stage), 0);
      return spaces(space, trials, direction, Math.min(reached, stages.length - 1));
    },
  };
}
