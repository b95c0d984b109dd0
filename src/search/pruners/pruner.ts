// The pruner interface: decide from the intermediate values whether a running trial should stop.
import type { Direction, TrialRecord } from '../trial.js';

/** What a pruner sees when a trial asks `shouldPrune()`. */
export interface PruneContext {
  /** The asking trial, with its intermediate values so far; its last one is the current step. */
  readonly trial: TrialRecord;
  /** Every trial of the study (all states), the asking one included. */
  readonly trials: readonly TrialRecord[];
  readonly direction: Direction;
}

/** Stops unpromising trials early. `prune` must be synchronous and free of side effects. */
export interface Pruner {
  readonly name: string;
  prune(context: PruneContext): boolean;
}

/**
 * The value a trial reported at `step`, or undefined.
 * @example valueAt(trial, 3); //=> 0.42
 */
export function valueAt(trial: TrialRecord, step: number): number | undefined {
  return trial.intermediate.find((i) => i.step === step)?.value;
}
