// The signal an objective throws to stop a trial the pruner wants stopped.

/**
 * Thrown by an objective after `trial.shouldPrune()` answered true; the trial is recorded as pruned
 * with its last reported value.
 * @example
 * if (await trial.shouldPrune()) throw new TrialPruned();
 */
export class TrialPruned extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}

/**
 * True for a TrialPruned signal, including one from another copy of this module (an objective
 * module may import descent from dist while the worker runs from src): matched by name.
 * @example isTrialPruned(new TrialPruned()); //=> true
 */
export function isTrialPruned(error: unknown): boolean {
  return error instanceof TrialPruned || (error instanceof Error && error.name === 'TrialPruned');
}
