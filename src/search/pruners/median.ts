// The median pruner (Golovin et al., "Google Vizier", 2017; Optuna's MedianPruner): stop a trial
// whose value at a step is worse than the median of the complete trials' values at that same step.
import { ConfigError } from '../../errors.js';
import { score } from '../trial.js';
import { valueAt, type PruneContext, type Pruner } from './pruner.js';

/** Options of the median pruner. */
export interface MedianPrunerOptions {
  /** Never prune before this many trials are complete (default 5). */
  readonly nStartupTrials?: number;
  /** Never prune at steps below this (default 0): early epochs are noisy. */
  readonly nWarmupSteps?: number;
  /** Need at least this many complete trials with a value at the step (default 1). */
  readonly nMinTrials?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The median pruner. A NaN value is always pruned (once past the startup and warmup).
 * @example search({ space, objective, trials: 50, pruner: medianPruner({ nStartupTrials: 5, nWarmupSteps: 2 }) });
 */
export function medianPruner(options: MedianPrunerOptions = {}): Pruner {
  const nStartupTrials = options.nStartupTrials ?? 5;
  const nWarmupSteps = options.nWarmupSteps ?? 0;
  const nMinTrials = options.nMinTrials ?? 1;
  for (const [name, v] of Object.entries({ nStartupTrials, nWarmupSteps, nMinTrials })) {
    if (!Number.isInteger(v) || v < 0)
      throw new ConfigError(`pruner.${name}`, `expected an integer >= 0, got ${v}`);
  }
  return {
    name: 'median',
    prune({ trial, trials, direction }: PruneContext): boolean {
      const last = trial.intermediate[trial.intermediate.length - 1];
      if (last === undefined || last.step < nWarmupSteps) return false;
      const complete = trials.filter((t) => t.state === 'complete' && t.number !== trial.number);
      if (complete.length < nStartupTrials) return false;
      const others = complete
        .map((t) => valueAt(t, last.step))
        .filter((v): v is number => v !== undefined && !Number.isNaN(v));
      if (others.length < Math.max(1, nMinTrials)) return false;
      // Scores are lower-is-better, so "worse" reads the same for both directions.
      const m = median(others.map((v) => score(v, direction)));
      return score(last.value, direction) > m;
    },
  };
}
