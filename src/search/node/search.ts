// search() in Node: the engine-independent driver (../search.ts) plus worker processes for an
// objective named by module and export, and a study named by file path (SQLite) or postgresql:// URL.
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../../errors.js';
import {
  inProgram, runStudy, type Executor, type SearchOptions as InProgramOptions, type SearchResult,
} from '../search.js';
import type { Storage } from '../storage/storage.js';
import type { Objective } from '../trial.js';
import { openStorage } from './storage/open-storage.js';
import { WorkerPool } from './worker-pool.js';

export type { SearchProgress, SearchResult } from '../search.js';

/** An objective a worker process can import: a module file (path or file URL) and its export. */
export interface ObjectiveRef {
  readonly module: string;
  /** Default 'default'. */
  readonly export?: string;
}

/** Options of search() in Node. */
export interface SearchOptions extends Omit<InProgramOptions, 'objective' | 'storage'> {
  /** A function (runs in this process) or a module export (runs in worker processes). */
  readonly objective: Objective | ObjectiveRef;
  /** Trials at once (default: the number of cores for a module objective, 1 for a function). */
  readonly parallel?: number;
  /** A Storage, a SQLite study file's path or a postgresql:// URL (opened and closed here). Default: in memory. */
  readonly storage?: Storage | string;
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

function executorFor(options: SearchOptions): { executor: Executor; slots: number } {
  const { objective } = options;
  if (typeof objective === 'function') return { executor: inProgram(objective, options.parallel), slots: 1 };
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
 *   space: { 'optimizer.lr': logUniform(1e-4, 1) },
 *   objective: { module: './objective.mjs' }, parallel: 2, storage: 'study.db',
 *   method: 'tpe', trials: 40, seed: 1,
 * });
 */
export async function search(options: SearchOptions): Promise<SearchResult> {
  const ownStorage =
    typeof options.storage === 'string' ? openStorage(options.storage) : undefined;
  try {
    const { storage: given, objective: _objective, parallel: _parallel, ...rest } = options;
    const storage = ownStorage ?? (typeof given === 'string' ? undefined : given);
    return await runStudy({ ...rest, ...(storage === undefined ? {} : { storage }) }, () => executorFor(options));
  } finally {
    await ownStorage?.close();
  }
}
