// Loading a search spec (`descent search SPEC.json`): the shape with zod, the space, method and
// pruner with the search engine's parsers, and the space against the base training config, all
// before any trial runs. Every error names the spec file and the field.
import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { ConfigError, DataError } from '../../errors.js';
import { lossByName } from '../../losses/loss-by-name.js';
import type { JsonValue } from '../../search/json.js';
import { createSampler, type MethodSpec } from '../../search/method.js';
import { parseSpace } from '../../search/parse-space.js';
import { createPruner, type PrunerSpec } from '../../search/pruners/create-pruner.js';
import type { SearchSpace } from '../../search/space.js';
import type { Direction } from '../../search/trial.js';
import { readJsonFile } from './read-json-file.js';
import type { MetricName, TrainConfig } from '../schema.js';
import { inConfigFile } from '../config-file-errors.js';
import { parseTrainConfig } from './load-config-file.js';
import { checkSearchSpace } from '../search-check.js';
import { searchSpecSchema } from '../search-spec-schema.js';
import { validate } from '../validate.js';

/** A validated search spec, with its paths resolved. */
export interface SearchSpec {
  /** The spec file (absolute). */
  readonly file: string;
  /** The study's name in its storage. */
  readonly name: string;
  /** The base training config file (absolute) and its JSON as written (the space's paths index it). */
  readonly baseFile: string;
  readonly base: JsonValue;
  readonly baseConfig: TrainConfig;
  readonly space: SearchSpace;
  readonly method: MethodSpec | undefined;
  readonly pruner: PrunerSpec | undefined;
  readonly metric: MetricName;
  readonly direction: Direction;
  /** Finished trials wanted; undefined when the method sets its own budget (grid, coarseToFine). */
  readonly trials: number | undefined;
  /** The finished trials the search will run to: `trials`, or the method's own budget. */
  readonly budget: number;
  readonly seed: number;
}

/** Overrides from the command line. */
export interface SearchSpecOverrides {
  readonly trials?: number;
  /** The study's name in its storage, instead of the spec's `name` (or its file name). */
  readonly name?: string;
}

/** Accuracies are maximized, losses minimized, unless the spec says otherwise. */
function directionOf(metric: MetricName, mode: 'max' | 'min' | undefined): Direction {
  const m = mode ?? (metric.endsWith('Accuracy') ? 'max' : 'min');
  return m === 'max' ? 'maximize' : 'minimize';
}


function readBase(baseFile: string, specFile: string): JsonValue {
  try {
    return readJsonFile(baseFile) as JsonValue;
  } catch (error) {
    if (error instanceof DataError)
      throw new ConfigError(
        'base',
        `cannot read the base config ${baseFile}: ${error.message.replace(`${baseFile}: `, '')}`,
        specFile,
      );
    throw error;
  }
}

/** The metric must exist for the base config: a validation split for val*, a classifier for *Accuracy. */
function checkMetric(metric: MetricName, config: TrainConfig, file: string): void {
  if (metric.startsWith('val') && config.data.validation === undefined) {
    throw new ConfigError(
      'objective.metric',
      `${metric} needs a validation split: set data.validation (e.g. 0.2) in the base config`,
      file,
    );
  }
  if (metric.endsWith('Accuracy') && lossByName(config.loss.type).kind !== 'classification') {
    throw new ConfigError(
      'objective.metric',
      `${metric} needs a classification loss; the base config's loss is ${config.loss.type} (use valLoss)`,
      file,
    );
  }
}

/** Data files the base names must exist, or every trial would fail the same way. */
function checkDataFiles(config: TrainConfig, baseFile: string): void {
  for (const key of ['source', 'test'] as const) {
    const given = config.data[key];
    const source = typeof given === 'number' ? undefined : given;
    const files =
      source?.type === 'csv'
        ? { path: source.path }
        : source?.type === 'idx'
          ? { images: source.images, labels: source.labels }
          : {};
    for (const [field, file] of Object.entries(files)) {
      if (!existsSync(file))
        throw new ConfigError(`data.${key}.${field}`, `no such file: ${file}`, baseFile);
    }
  }
}

/**
 * Validates a parsed search spec; relative paths resolve against the spec file's folder.
 * @throws ConfigError naming the spec file and field (`space.model.5.units: ...`), or the base
 *   config's file and field when the base itself is invalid.
 * @example parseSearchSpec(JSON.parse(text), '/work/examples/search-digits.json').direction; //=> 'maximize'
 */
export function parseSearchSpec(
  input: unknown,
  file: string,
  overrides: SearchSpecOverrides = {},
): SearchSpec {
  const json = validate(searchSpecSchema, input, file);
  const baseFile = isAbsolute(json.base) ? json.base : resolve(dirname(file), json.base);
  const base = readBase(baseFile, file);
  const baseConfig = parseTrainConfig(base, baseFile);
  const objective =
    typeof json.objective === 'string'
      ? { metric: json.objective, mode: undefined }
      : json.objective;
  checkMetric(objective.metric, baseConfig, file);
  checkDataFiles(baseConfig, baseFile);
  const space = inConfigFile(file, () => parseSpace(json.space));
  inConfigFile(file, () => checkSearchSpace(space, base, baseFile));
  const seed = json.seed ?? 0;
  const trials = overrides.trials ?? json.trials;
  const method = json.method as MethodSpec | undefined;
  const pruner = json.pruner as PrunerSpec | undefined;
  const budget = inConfigFile(file, () => {
    createPruner(pruner);
    const stages = createSampler(method, seed).stages?.(space, trials) ?? [
      { trials: trials ?? Infinity },
    ];
    const total = stages.reduce((n, st) => n + st.trials, 0);
    if (!Number.isFinite(total)) {
      throw new ConfigError(
        'trials',
        'give the number of trials to run ("trials" in the spec, or --trials N)',
      );
    }
    return total;
  });
  return {
    file,
    name: overrides.name ?? json.name ?? basename(file, extname(file)),
    baseFile,
    base,
    baseConfig,
    space,
    method,
    pruner,
    metric: objective.metric,
    direction: directionOf(objective.metric, objective.mode),
    trials,
    budget,
    seed,
  };
}

/**
 * Reads and validates a search spec file.
 * @throws ConfigError naming the file and field; DataError when the spec file cannot be read.
 * @example loadSearchSpec('examples/search-digits.json', { trials: 12 }).trials; //=> 12
 */
export function loadSearchSpec(file: string, overrides: SearchSpecOverrides = {}): SearchSpec {
  const abs = resolve(file);
  return parseSearchSpec(readJsonFile(abs), abs, overrides);
}
