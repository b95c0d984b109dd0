// Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel Hyperparameter
// Tuning", MLSys 2020; Optuna's SuccessiveHalvingPruner). Rung k sits at step
// minResource * eta^(minEarlyStoppingRate + k). A trial reaching a rung goes on only if its value
// there is in the top 1/eta of the values every trial reached that rung with (itself included);
// while fewer than eta trials have reached the rung, only the best so far goes on.
import { ConfigError } from '../../errors.js';
import { score, type TrialRecord } from '../trial.js';
import type { PruneContext, Pruner } from './pruner.js';

/** Options of successive halving. */
export interface SuccessiveHalvingOptions {
  /** Step of the first rung (default 1). */
  readonly minResource?: number;
  /** eta: the fraction 1/eta of trials passes each rung (default 4). */
  readonly reductionFactor?: number;
  /** s: shifts the first rung to minResource * eta^s (default 0). */
  readonly minEarlyStoppingRate?: number;
}

/** The value a trial reached rung `resource` with: its value at the first reported step >= resource. */
function rungValue(
  trial: TrialRecord,
  resource: number,
): { step: number; value: number } | undefined {
  return trial.intermediate.find((i) => i.step >= resource);
}

/**
 * The rung steps up to `maxStep`.
 * @example rungSteps({ minResource: 1, reductionFactor: 3 }, 10); //=> [1, 3, 9]
 */
export function rungSteps(options: SuccessiveHalvingOptions, maxStep: number): number[] {
  const r = options.minResource ?? 1;
  const eta = options.reductionFactor ?? 4;
  const s = options.minEarlyStoppingRate ?? 0;
  const steps: number[] = [];
  for (let k = 0; r * eta ** (s + k) <= maxStep; k++) steps.push(r * eta ** (s + k));
  return steps;
}

/**
 * The successive-halving (ASHA) pruner. Rungs are judged at the report that crosses them, so call
 * `shouldPrune()` after every `report()`.
 * @example
 * const pruner = successiveHalvingPruner({ minResource: 1, reductionFactor: 3 }); // rungs 1, 3, 9, ...
 * search({ space, objective, trials: 64, pruner });
 */
export function successiveHalvingPruner(options: SuccessiveHalvingOptions = {}): Pruner {
  const eta = options.reductionFactor ?? 4;
  const r = options.minResource ?? 1;
  const s = options.minEarlyStoppingRate ?? 0;
  if (!(r > 0)) throw new ConfigError('pruner.minResource', `expected a number > 0, got ${r}`);
  if (!Number.isInteger(eta) || eta < 2)
    throw new ConfigError('pruner.reductionFactor', `expected an integer >= 2, got ${eta}`);
  if (!Number.isInteger(s) || s < 0)
    throw new ConfigError('pruner.minEarlyStoppingRate', `expected an integer >= 0, got ${s}`);
  return {
    name: 'successiveHalving',
    prune({ trial, trials, direction }: PruneContext): boolean {
      const last = trial.intermediate[trial.intermediate.length - 1];
      if (last === undefined) return false;
      for (const resource of rungSteps(options, last.step)) {
        const mine = rungValue(trial, resource);
        // Judge only the rungs this report crossed; earlier promotions stand.
        if (mine === undefined || mine.step !== last.step) continue;
        if (Number.isNaN(mine.value)) return true;
        const competing = trials
          .filter((t) => t.state !== 'failed')
          .map((t) => rungValue(t, resource))
          .filter((v): v is { step: number; value: number } => v !== undefined)
          .map((v) => score(v.value, direction))
          .sort((a, b) => a - b);
        const promotable = Math.max(0, Math.floor(competing.length / eta) - 1);
        if (score(mine.value, direction) > competing[promotable]!) return true;
      }
      return false;
    },
  };
}
