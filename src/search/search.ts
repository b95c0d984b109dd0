// search(): run a study to its budget, in this process (a function objective) or in worker
// processes (an objective named by module and export), resuming whatever the storage already holds.
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import type { LocalTrial } from './local-trial.js';
import { countFinished } from './plan.js';
import { recordOutcome, runObjective } from './run-trial.js';
import type { SearchSpace } from './space.js';
import { SqliteStorage } from './storage/sqlite-storage.js';
import type { Storage } from './storage/storage.js';
import { Study, type StudyOptions } from './study.js';
import { bestTrial, type Direction, type Objective, type TrialRecord } from './trial.js';
import type { Outcome } from './worker/protocol.js';
import { WorkerPool } from './worker/worker-pool.js';

/** An objective a worker process can import: a module file (path or file URL) and its export. */
export interface ObjectiveRef {
  readonly module: string;
  /** Default 'default'. */
  readonly export?: string;
}

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
  /** A function (runs in this process) or a module export (runs in worker processes). */
  readonly objective: Objective | ObjectiveRef;
  /** Trials at once (default: the number of cores for a module objective, 1 for a function). */
  readonly parallel?: number;
  /** A Storage, or a file path for a SQLite study file (opened and closed here). Default: in memory. */
  readonly storage?: Storage | string;
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

function objectiveUrl(ref: ObjectiveRef): { module: string; exportName: string } {
  if (typeof ref.module !== 'string' || ref.module === '') {
    throw new ConfigError(
      'objective.module',
      `expected a module file path, got ${String(ref.module)}`,
    );
  }
  const url = ref.module.startsWith('file:')
    ? ref.module
    : pathToFileURL(isAbsolute(ref.module) ? ref.module : resolve(ref.module)).href;
  if (!existsSync(fileURLToPath(url)))
    throw new ConfigError('objective.module', `no such file: ${fileURLToPath(url)}`);
  return { module: url, exportName: ref.export ?? 'default' };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

interface Executor {
  run(trial: LocalTrial): Promise<Outcome>;
  close(): void;
}

function executorFor(options: SearchOptions): { executor: Executor; slots: number } {
  const { objective } = options;
  if (typeof objective === 'function') {
    if (options.parallel !== undefined && options.parallel !== 1) {
      throw new ConfigError(
        'parallel',
        `a function objective runs in this process, one trial at a time; to run ${options.parallel} trials at once, ` +
          'name the objective by {module, export} so that worker processes can import it',
      );
    }
    return { executor: { run: (t) => runObjective(objective, t), close: () => {} }, slots: 1 };
  }
  const ref = objectiveUrl(objective);
  const slots = options.parallel ?? availableParallelism();
  if (!Number.isInteger(slots) || slots < 1)
    throw new ConfigError('parallel', `expected an integer >= 1, got ${slots}`);
  const pool = new WorkerPool(slots, ref);
  return { executor: { run: (t) => pool.run(t), close: () => pool.close() }, slots };
}

/**
 * Runs a hyperparameter search to the requested number of finished (complete or pruned) trials,
 * resuming the study the storage holds. Trials that throw or crash are recorded as failed and
 * replaced; a trial left running by a killed process is marked failed on resume.
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
  const maxFailures = options.maxFailures;
  if (maxFailures !== undefined && (!Number.isInteger(maxFailures) || maxFailures < 1)) {
    throw new ConfigError('maxFailures', `expected an integer >= 1, got ${maxFailures}`);
  }
  const ownStorage =
    typeof options.storage === 'string' ? new SqliteStorage(options.storage) : undefined;
  try {
    const { storage: given, ...studyOptions } = options;
    const storage = ownStorage ?? (typeof given === 'string' ? undefined : given);
    const study = await Study.open({
      ...studyOptions,
      ...(storage === undefined ? {} : { storage }),
    });
    const total = study.stages.reduce((n, s) => n + s.trials, 0);
    if (!Number.isFinite(total))
      throw new ConfigError('trials', 'give the number of trials to run');
    const { executor, slots } = executorFor(options);
    try {
      const status = await drive(study, executor, slots, {
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
      executor.close();
    }
  } finally {
    await ownStorage?.close();
  }
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
