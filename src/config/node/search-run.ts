// One library call for what `descent search` does: run the study of a search spec in worker
// processes (resuming its storage), then write best.json (the base config with the best params)
// and search.svg into the output folder.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { searchChart, type SearchChartDimension } from '../../plot/search-chart.js';
import { edgeWarnings, type EdgeWarning } from '../../search/edge-warnings.js';
import { search, type SearchProgress, type SearchResult } from '../../search/node/search.js';
import { isLog } from '../../search/space.js';
import type { TrialRecord } from '../../search/trial.js';
import { atomicWriteFile } from '../../train/node/atomic-write.js';
import { DataError } from '../../errors.js';
import { checkReachable, openStorage, storageLocation } from '../../search/node/storage/open-storage.js';
import { isPostgresUrl, redactUrl } from '../../search/node/storage/postgres-url.js';
import { checkStudyBase } from './search-fingerprint.js';
import type { DataEnvironment } from '../load-source.js';
import { applyParams } from '../../search/apply-params.js';
import type { JsonValue } from '../../search/json.js';
import { parseTrainConfig } from './load-config-file.js';
import { inConfigFileAsync } from '../config-file-errors.js';
import { type TrainObjectiveContext, trainObjectiveModule } from './search-objective.js';
import type { SearchSpec } from './search-spec.js';

/** Options of searchFromSpec. */
export interface SearchRunOptions {
  /** Trials at once (default: the number of cores). */
  readonly parallel?: number;
  /** The SQLite study file, or a postgresql:// URL (default `<spec folder>/<spec name>.study.sqlite`). */
  readonly storage?: string;
  /** Where best.json and search.svg go (default `<spec folder>/<spec name>/`). */
  readonly outDir?: string;
  readonly env?: DataEnvironment;
  /** The backend each worker trains on (TrainObjectiveContext.backend); default the library's (TypeScript). */
  readonly backend?: TrainObjectiveContext['backend'];
  readonly onTrialComplete?: (trial: TrialRecord, progress: SearchProgress) => void;
  /** Resume a study although its base config changed since it began (the default refuses). */
  readonly allowChangedBase?: boolean;
  /** A failed trial runs again with the same parameters up to this many times (default 0). */
  readonly retries?: number;
}

/** What searchFromSpec returns. */
export interface SearchRunSummary {
  readonly result: SearchResult;
  readonly warnings: EdgeWarning[];
  readonly outDir: string;
  /** The study file, or the database's URL without its password. */
  readonly storage: string;
  /** best.json, or null when no trial completed. */
  readonly bestFile: string | null;
  readonly chartFile: string;
}

/**
 * The default output folder and study file of a spec: both next to it, named after it.
 * @example searchPaths(spec); //=> { outDir: '/x/search-digits', storage: '/x/search-digits.study.sqlite' }
 */
export function searchPaths(spec: SearchSpec): { outDir: string; storage: string } {
  const stem = spec.file.replace(/\.json$/i, '');
  return { outDir: stem, storage: `${stem}.study.sqlite` };
}

const PATH_FIELDS = ['path', 'images', 'labels', 'dir'] as const;

/** A data source as written, with its file paths moved from `fromDir` to be relative to `toDir`. */
function relocate(
  source: JsonValue | undefined,
  fromDir: string,
  toDir: string,
): JsonValue | undefined {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return source;
  const out: Record<string, JsonValue> = { ...source };
  for (const key of PATH_FIELDS) {
    const p = out[key];
    if (typeof p === 'string') out[key] = relative(toDir, resolve(fromDir, p)) || '.';
  }
  return out;
}

/**
 * The training config of a trial as a file in `dir`: the base as written, with the trial's params
 * and epoch budget written in and data paths made relative to `dir`. Validated like a config file.
 * @example bestConfig(spec, trial, 'examples/search-digits').optimizer; //=> { type: 'sgd', lr: 0.73 }
 */
export function bestConfig(spec: SearchSpec, trial: TrialRecord, dir: string): JsonValue {
  const epochs = trial.attrs.epochs;
  const config = applyParams(spec.base, trial.params) as Record<string, JsonValue>;
  if (typeof epochs === 'number') config.epochs = epochs;
  const data = config.data as Record<string, JsonValue>;
  const from = dirname(spec.baseFile);
  for (const key of ['source', 'test']) {
    const moved = relocate(data[key], from, dir);
    if (moved !== undefined) data[key] = moved;
  }
  parseTrainConfig(config, join(dir, 'best.json'));
  return config;
}

function chartDimensions(spec: SearchSpec): SearchChartDimension[] {
  return Object.entries(spec.space).flatMap(([path, d]): SearchChartDimension[] => {
    if (d.type === 'fixed') return [];
    if (d.type === 'choice') return [{ path, choices: d.choices }];
    return [{ path, log: isLog(d) }];
  });
}

/**
 * Runs the search of a validated spec to its budget (resuming its study file) and writes
 * best.json and search.svg. Trials run in worker processes, one single-threaded trial each.
 * @throws ConfigError for a bad parallel count or a study file made with another space.
 * @example
 * const summary = await searchFromSpec(loadSearchSpec('examples/search-digits.json'), { parallel: 2 });
 * summary.result.best?.value; //=> 0.95
 */
export async function searchFromSpec(
  spec: SearchSpec,
  options: SearchRunOptions = {},
): Promise<SearchRunSummary> {
  const defaults = searchPaths(spec);
  const outDir = resolve(options.outDir ?? defaults.outDir);
  const storage = storageLocation(options.storage ?? defaults.storage, process.cwd());
  mkdirSync(outDir, { recursive: true });
  if (!isPostgresUrl(storage)) mkdirSync(dirname(storage), { recursive: true });
  // A database that cannot be reached (a typo in the URL) is refused before the output folder is
  // claimed for it; the corrected command would otherwise find the folder bound to the wrong URL.
  else await checkReachable(storage);
  // The folder's owner record is a file others may read: it names a database without its password.
  claimOutputFolder(outDir, redactUrl(storage), spec.name);
  return searchLocked(spec, options, outDir, storage);
}

/** The file in a search's output folder that names the study the folder belongs to. */
export const OUTPUT_OWNER_FILE = '.study.json';

/**
 * A search's output folder belongs to one study. Several processes of that study may share it (they
 * cooperate through the study file, and write best.json and search.svg whole), so this is an owner
 * record rather than an exclusive lock; a different study is refused, since its best.json and chart
 * would replace the first one's.
 * @throws DataError naming the folder and the study that owns it.
 */
function claimOutputFolder(outDir: string, storage: string, name: string): void {
  const file = join(outDir, OUTPUT_OWNER_FILE);
  const mine = { storage, study: name };
  try {
    writeFileSync(file, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new DataError(`cannot write ${OUTPUT_OWNER_FILE}: ${(error as Error).message}`, { file: outDir });
    }
  }
  let owner: { storage?: unknown; study?: unknown } = {};
  try {
    owner = JSON.parse(readFileSync(file, 'utf8')) as typeof owner;
  } catch {
    // An unreadable owner record (a kill between create and write) is replaced below.
  }
  if (typeof owner.storage !== 'string' || typeof owner.study !== 'string') {
    atomicWriteFile(file, `${JSON.stringify(mine)}\n`);
    return;
  }
  if (owner.storage !== storage || owner.study !== name) {
    throw new DataError(
      `the search output folder belongs to study "${owner.study}" in ${owner.storage}, not "${name}" in ${storage}; ` +
        'give this search its own --out',
      { file: outDir },
    );
  }
}

async function searchLocked(spec: SearchSpec, options: SearchRunOptions, outDir: string, storage: string): Promise<SearchRunSummary> {
  const stored = openStorage(storage);
  try {
    await inConfigFileAsync(spec.file, () =>
      checkStudyBase({
        storage: stored, base: spec.base, baseFile: spec.baseFile, specFile: spec.file,
        study: { name: spec.name, direction: spec.direction, space: spec.space, createdAt: Date.now() },
        allowChanged: options.allowChangedBase === true,
      }),
    );
  } finally {
    await stored.close();
  }
  const context = {
    baseFile: spec.baseFile,
    base: spec.base,
    metric: spec.metric,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.backend === undefined ? {} : { backend: options.backend }),
  };
  // The module is named by its content: a study's workers load its own objective, never one that
  // another spec wrote into the same folder, and a rewrite of the same spec is byte-identical.
  const text = trainObjectiveModule(context);
  const moduleFile = join(outDir, `objective-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
  atomicWriteFile(moduleFile, text);
  const result = await inConfigFileAsync(spec.file, () =>
    search({
      name: spec.name,
      space: spec.space,
      base: spec.base,
      direction: spec.direction,
      seed: spec.seed,
      objective: { module: moduleFile, export: 'objective' },
      storage,
      ...(spec.method === undefined ? {} : { method: spec.method }),
      ...(spec.pruner === undefined ? {} : { pruner: spec.pruner }),
      ...(spec.trials === undefined ? {} : { trials: spec.trials }),
      ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...(options.onTrialComplete === undefined
        ? {}
        : { onTrialComplete: options.onTrialComplete }),
    }),
  );
  let bestFile: string | null = null;
  const best =
    result.best === null ? undefined : result.trials.find((t) => t.number === result.best!.number);
  if (best !== undefined) {
    bestFile = join(outDir, 'best.json');
    atomicWriteFile(bestFile, `${JSON.stringify(bestConfig(spec, best, outDir), null, 2)}\n`);
  }
  const chartFile = join(outDir, 'search.svg');
  const chart = searchChart({
    title: `Search ${spec.name}: ${spec.metric}`,
    metric: spec.metric,
    direction: spec.direction,
    trials: result.trials,
    dimensions: chartDimensions(spec),
  });
  atomicWriteFile(chartFile, chart);
  return {
    result,
    warnings: edgeWarnings(result, spec.space),
    outDir,
    storage: redactUrl(storage),
    bestFile,
    chartFile,
  };
}
