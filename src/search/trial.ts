// The records a study keeps for each trial, and the handle an objective receives.
import type { JsonValue } from './json.js';
import type { Params } from './space.js';

/** Whether lower or higher objective values are better. */
export type Direction = 'minimize' | 'maximize';

/**
 * running: allocated and not yet told; complete: returned a value; pruned: stopped early by the
 * pruner (keeps its last reported value); failed: threw, crashed, or was left running by a process
 * that died. "Finished" means complete or pruned: failed trials do not count toward the budget.
 */
export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';

/** One intermediate value reported by a trial (e.g. the validation loss after an epoch). */
export interface Intermediate {
  readonly step: number;
  readonly value: number;
}

/** The process that runs a trial, so that a later process can tell whether it is still alive. */
export interface Owner {
  readonly host: string;
  readonly pid: number;
  /** The process's start time as the OS reports it (Linux /proc), to see through pid reuse; or null. */
  readonly start: string | null;
}

/** A stored trial: plain, JSON-serializable data. */
export interface TrialRecord {
  readonly number: number;
  readonly state: TrialState;
  readonly params: Params;
  /** The final value (complete), the last reported value (pruned), or null. */
  readonly value: number | null;
  /** Reported values, sorted by step. */
  readonly intermediate: readonly Intermediate[];
  readonly error: string | null;
  /** The coarse-to-fine stage (0 for single-stage methods). */
  readonly stage: number;
  /** Sampler bookkeeping and budgets: `epochs` (the stage's epoch budget), `gridIndex`, ... */
  readonly attrs: Readonly<Record<string, JsonValue>>;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly durationMs: number | null;
  /** Null for a detached trial (asked by one process, told by another). */
  readonly owner: Owner | null;
  readonly heartbeatAt: number | null;
}

/**
 * What an objective receives besides its params: report intermediate values and ask whether to
 * stop. In a worker process the same calls travel to the parent over IPC.
 */
export interface Trial {
  readonly number: number;
  readonly params: Params;
  readonly stage: number;
  /** The epoch budget of this trial's stage (coarse-to-fine), or undefined. */
  readonly epochs: number | undefined;
  /** Records the value at `step` (an integer >= 0, e.g. the epoch); a repeated step overwrites. */
  report(step: number, value: number): void;
  /** Asks the pruner whether to stop now (after the reports so far); stop by throwing `TrialPruned` or returning. */
  shouldPrune(): Promise<boolean>;
}

/** An objective: params (config path -> value) and a trial handle in, the value to optimize out. */
export type Objective = (params: Params, trial: Trial) => number | Promise<number>;

/** True for the states that count toward the requested number of trials. */
export function isFinished(state: TrialState): boolean {
  return state === 'complete' || state === 'pruned';
}

/**
 * The value as a score where lower is better, NaN and null scored worst.
 * @example score(0.9, 'maximize'); //=> -0.9
 */
export function score(value: number | null, direction: Direction): number {
  if (value === null || Number.isNaN(value)) return Infinity;
  return direction === 'minimize' ? value : -value;
}

/**
 * The complete trial with the best value (ties: the earlier trial), or null.
 * @example bestTrial(trials, 'minimize')?.value; //=> the smallest complete value
 */
export function bestTrial(
  trials: readonly TrialRecord[],
  direction: Direction,
): TrialRecord | null {
  let best: TrialRecord | null = null;
  for (const t of trials) {
    if (t.state !== 'complete' || t.value === null) continue;
    if (best === null || score(t.value, direction) < score(best.value, direction)) best = t;
  }
  return best;
}

/**
 * Validates a reported step and value at the boundary.
 * @throws RangeError naming the bad argument.
 */
export function checkReport(step: unknown, value: unknown): void {
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    throw new RangeError(`trial.report: step must be an integer >= 0, got ${String(step)}`);
  }
  if (typeof value !== 'number') {
    throw new RangeError(
      `trial.report: value must be a number, got ${typeof value} ${String(value)}`,
    );
  }
}
