// search(): run a study to its budget, resuming whatever the storage already holds. This is the
// engine-independent driver: the objective runs in this program (a function), one trial at a time,
// and the study lives in any Storage (memory by default). node/search.ts adds worker processes for an
// objective named by module, and a SQLite file named by path.
import { ConfigError } from '../errors.js';
import type { LocalTrial } from './local-trial.js';
import { countFinished } from './plan.js';
import { recordOutcome, runObjective } from './run-trial.js';
import type { SearchSpace } from './space.js';
import type { Storage } from './storage/storage.js';
import { Study, type StudyOptions } from './study.js';
import { bestTrial, type Direction, type Objective, type TrialRecord } from './trial.js';
import type { Outcome } from './worker/protocol.js';

/** Progress after each trial, for a display. */
export interface SearchProgress {
  readonly finished: number;
  readonly failed: number;
  /** The requested number of finished trials. */
  readonly total: number;
  readonly best: TrialRecord | null;
}

/** Options of search(). */
export interface SearchOptions extends Omit<StudyOptions, 'storage'> {
  /** The objective; it runs in this program, one trial at a time. */
  readonly objective: Objective;
  /** Trials at once: 1 (the objective runs in this program). */
  readonly parallel?: number;
  /** Where the study lives (default: in memory). */
  readonly storage?: Storage;
  /** Called after every trial ends (complete, pruned or failed). */
  readonly onTrialComplete?: (trial: TrialRecord, progress: SearchProgress) => void;
  /** Stop starting trials after this many fail in this run (default: the requested count). */
  readonly maxFailures?: number;
  /** How often to look again while other processes' running trials hold the budget (default 500 ms). */
  readonly pollMs?: number;
}

/** The outcome of search(). */
export interface SearchResult {
  readonly study: string;
  readonly direction: Direction;
  readonly best: {
    readonly number: number;
    readonly params: TrialRecord['params'];
    readonly value: number;
  } | null;
  readonly trials: TrialRecord[];
  readonly finished: number;
  readonly failed: number;
  /** 'tooManyFailures' when `maxFailures` trials failed before the budget was reached. */
  readonly status: 'complete' | 'tooManyFailures';
  /** The space each stage searched (coarse-to-fine narrows it); one entry otherwise. */
  readonly stageSpaces: SearchSpace[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs trials somewhere: in this program, or in worker processes (node/worker-pool.ts). */
export interface Executor {
  run(trial: LocalTrial): Promise<Outcome>;
  close(): void;
}

/**
 * The executor of a function objective: this program, one trial at a time.
 * @throws ConfigError when more than one trial at once is asked for.
 */
export function inProgram(objective: Objective, parallel: number | undefined): Executor {
  if (parallel !== undefined && parallel !== 1) {
    throw new ConfigError(
      'parallel',
      `a function objective runs in this program, one trial at a time; to run ${parallel} trials at once, ` +
        'name the objective by {module, export} so that worker processes can import it (in Node)',
    );
  }
  return { run: (t) => runObjective(objective, t), close: () => {} };
}

/** What runStudy needs besides the executor: the study to open and the loop's settings. */
export type RunStudyOptions = Omit<SearchOptions, 'objective' | 'parallel'>;

/**
 * Opens (or resumes) the study in `storage` and runs it to its budget with `executor`, `slots`
 * trials at once; closes the executor at the end.
 * @throws ConfigError for a bad space, method, pruner or count (before any trial runs).
 */
export async function runStudy(options: RunStudyOptions, executor: () => { executor: Executor; slots: number }): Promise<SearchResult> {
  const maxFailures = options.maxFailures;
  if (maxFailures !== undefined && (!Number.isInteger(maxFailures) || maxFailures < 1)) {
    throw new ConfigError('maxFailures', `expected an integer >= 1, got ${maxFailures}`);
  }
  const study = await Study.open(options);
  const total = study.stages.reduce((n, s) => n + s.trials, 0);
  if (!Number.isFinite(total))
    throw new ConfigError('trials', 'give the number of trials to run');
  const made = executor();
  try {
    const status = await drive(study, made.executor, made.slots, {
      maxFailures: maxFailures ?? total,
      pollMs: options.pollMs ?? 500,
      total,
      onTrialComplete: options.onTrialComplete,
    });
    const trials = await study.trials();
    const best = bestTrial(trials, study.direction);
    return {
      study: study.name,
      direction: study.direction,
      best:
        best === null ? null : { number: best.number, params: best.params, value: best.value! },
      trials,
      finished: countFinished(trials),
      failed: trials.filter((t) => t.state === 'failed').length,
      status,
      stageSpaces: study.stageSpaces(trials),
    };
  } finally {
    made.executor.close();
  }
}

/**
 * Runs a hyperparameter search to the requested number of finished (complete or pruned) trials,
 * resuming the study the storage holds. Trials that throw are recorded as failed and replaced.
 * @throws ConfigError for a bad space, method, pruner, count or objective (before any trial runs).
 * @example
 * const result = await search({
 *   space: { 'optimizer.lr': logUniform(1e-4, 1), 'model.0.units': choice([16, 32, 64]) },
 *   objective: (params) => trainAndValidate(applyParams(config, params)),
 *   method: 'tpe', trials: 40, seed: 1,
 * });
 * result.best; //=> { number: 27, params: { 'optimizer.lr': 0.0031, 'model.0.units': 64 }, value: 0.12 }
 */
export async function search(options: SearchOptions): Promise<SearchResult> {
  if (typeof options.objective !== 'function') {
    throw new ConfigError('objective', 'expected a function (a module objective runs in worker processes, which only Node has)');
  }
  const { objective, parallel, ...rest } = options;
  return runStudy(rest, () => ({ executor: inProgram(objective, parallel), slots: 1 }));
}

interface DriveOptions {
  readonly maxFailures: number;
  readonly pollMs: number;
  readonly total: number;
  readonly onTrialComplete: SearchOptions['onTrialComplete'];
}

/** The scheduling loop: keep `slots` trials running while the budget allows. */
async function drive(
  study: Study,
  executor: Executor,
  slots: number,
  o: DriveOptions,
): Promise<SearchResult['status']> {
  const inFlight = new Map<number, { trial: LocalTrial; done: Promise<void> }>();
  let failures = 0;
  let firstError: unknown = null;
  const runOne = async (trial: LocalTrial): Promise<void> => {
    const outcome = await executor.run(trial);
    const record = await recordOutcome(study, trial, outcome);
    if (outcome.kind === 'loadError')
      throw new ConfigError('objective', outcome.message.split('\n')[0]!);
    if (record.state === 'failed') failures++;
    if (o.onTrialComplete !== undefined) {
      const trials = await study.trials();
      o.onTrialComplete(record, {
        finished: countFinished(trials),
        failed: trials.filter((t) => t.state === 'failed').length,
        total: o.total,
        best: bestTrial(trials, study.direction),
      });
    }
  };
  const heartbeat = setInterval(
    () => {
      void study.storage.heartbeat(study.name, [...inFlight.keys()]).catch(() => {});
    },
    Math.min(60_000, study.staleAfterMs / 4),
  );
  heartbeat.unref();
  try {
    await study.reapStale();
    for (;;) {
      let waiting = false;
      let done = false;
      while (firstError === null && failures < o.maxFailures && inFlight.size < slots) {
        const next = await study.tryAsk();
        if (next === 'done') done = true;
        if (next === 'wait') waiting = true;
        if (typeof next === 'string') break;
        const entry = {
          trial: next,
          done: runOne(next)
            .catch((error: unknown) => void (firstError ??= error))
            .finally(() => inFlight.delete(next.number)),
        };
        inFlight.set(next.number, entry);
      }
      const stopping = firstError !== null || failures >= o.maxFailures;
      if (inFlight.size === 0 && (done || stopping)) break;
      const running = [...inFlight.values()].map((e) => e.done);
      // Waiting on other processes' trials: look again after a while (and reap them if they died).
      await Promise.race(waiting || running.length === 0 ? [...running, sleep(o.pollMs)] : running);
      if (waiting) await study.reapStale();
    }
  } finally {
    clearInterval(heartbeat);
  }
  if (firstError !== null) throw firstError;
  return failures >= o.maxFailures && countFinished(await study.trials()) < o.total
    ? 'tooManyFailures'
    : 'complete';
}
