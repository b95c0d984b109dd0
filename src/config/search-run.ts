// One library call for what `descent search` does: run the study of a search spec in worker
// processes (resuming its storage), then write best.json (the base config with the best params)
// and search.svg into the output folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { searchChart, type SearchChartDimension } from '../plot/search-chart.js';
import { edgeWarnings, type EdgeWarning } from '../search/edge-warnings.js';
import { search, type SearchProgress, type SearchResult } from '../search/search.js';
import { isLog } from '../search/space.js';
import type { TrialRecord } from '../search/trial.js';
import { atomicWriteFile } from '../train/atomic-write.js';
import type { DataEnvironment } from './load-source.js';
import { applyParams } from '../search/apply-params.js';
import type { JsonValue } from '../search/json.js';
import { parseTrainConfig } from './load-config.js';
import { inConfigFileAsync } from './config-file-errors.js';
import { type TrainObjectiveContext, trainObjectiveModule } from './search-objective.js';
import type { SearchSpec } from './search-spec.js';

/** Options of searchFromSpec. */
export interface SearchRunOptions {
  /** Trials at once (default: the number of cores). */
  readonly parallel?: number;
  /** The SQLite study file (default `<spec folder>/<spec name>.study.sqlite`). */
  readonly storage?: string;
  /** Where best.json and search.svg go (default `<spec folder>/<spec name>/`). */
  readonly outDir?: string;
  readonly env?: DataEnvironment;
  /** The backend each worker trains on (TrainObjectiveContext.backend); default the library's (TypeScript). */
  readonly backend?: TrainObjectiveContext['backend'];
  readonly onTrialComplete?: (trial: TrialRecord, progress: SearchProgress) => void;
}

/** What searchFromSpec returns. */
export interface SearchRunSummary {
  readonly result: SearchResult;
  readonly warnings: EdgeWarning[];
  readonly outDir: string;
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
  const storage = resolve(options.storage ?? defaults.storage);
  mkdirSync(outDir, { recursive: true });
  mkdirSync(dirname(storage), { recursive: true });
  const moduleFile = join(outDir, 'objective.mjs');
  const context = {
    baseFile: spec.baseFile,
    base: spec.base,
    metric: spec.metric,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.backend === undefined ? {} : { backend: options.backend }),
  };
  writeFileSync(moduleFile, trainObjectiveModule(context));
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
    storage,
    bestFile,
    chartFile,
  };
}
