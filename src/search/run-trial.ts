// Running one trial's objective in this process, and recording any outcome (in-process or from a
// worker) in the study.
import type { LocalTrial } from './local-trial.js';
import type { Study } from './study.js';
import type { Objective, TrialRecord } from './trial.js';
import { isTrialPruned } from './trial-pruned.js';
import { describeJson } from './json.js';
import { StudyError } from './search-error.js';
import { errorText, type Outcome } from './worker/protocol.js';

/**
 * Calls an in-process objective and classifies how it ended; it never throws.
 * @example await runObjective((p) => (p.x as number) ** 2, trial); //=> { kind: 'value', value: 0.25 }
 */
export async function runObjective(objective: Objective, trial: LocalTrial): Promise<Outcome> {
  try {
    return { kind: 'value', value: await objective(trial.params, trial) };
  } catch (error) {
    return isTrialPruned(error) ? { kind: 'pruned' } : { kind: 'error', message: errorText(error) };
  }
}

/**
 * Records an outcome: a number completes the trial (or prunes it, if the objective returned after
 * shouldPrune() said true); anything else fails it with a message.
 * @example await recordOutcome(study, trial, { kind: 'value', value: 0.3 }); //=> the complete record
 */
export async function recordOutcome(
  study: Study,
  trial: LocalTrial,
  outcome: Outcome,
): Promise<TrialRecord> {
  try {
    return await tellOutcome(study, trial, outcome);
  } catch (error) {
    // Reaped meanwhile (its heartbeat looked stale to another process): keep what the storage says.
    const stored = await study.storage.getTrial(study.name, trial.number);
    if (error instanceof StudyError && stored !== null && stored.state !== 'running') return stored;
    throw error;
  }
}

async function tellOutcome(
  study: Study,
  trial: LocalTrial,
  outcome: Outcome,
): Promise<TrialRecord> {
  try {
    await trial.flush();
  } catch (error) {
    return study.tell(trial.number, {
      state: 'failed',
      error: `a report could not be stored: ${errorText(error)}`,
    });
  }
  switch (outcome.kind) {
    case 'value':
      if (trial.pruneRequested) return study.tell(trial, { state: 'pruned' });
      if (typeof outcome.value !== 'number') {
        return study.tell(trial, {
          state: 'failed',
          error: `the objective returned ${describeJson(outcome.value)} (expected a number)`,
        });
      }
      return study.tell(trial, outcome.value);
    case 'pruned':
      return study.tell(trial, { state: 'pruned' });
    default:
      return study.tell(trial, { state: 'failed', error: outcome.message });
  }
}
