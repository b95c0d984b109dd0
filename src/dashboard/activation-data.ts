// What a run's activation maps are computed from: its model file and the rows of its evaluation
// data (the test set, else the validation split, else the training data), rebuilt from config.json
// the way the training run built them, before preprocessing (the model's own saved preprocessing is
// applied image by image). Cached per run, re-read when config.json or model.json changes.
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildData, runStreams } from '../config/build.js';
import { withFileSources } from '../config/node/file-sources.js';
import { loadTrainConfig } from '../config/node/load-config-file.js';
import { modelTask, type ModelTask } from '../config/predict.js';
import type { TrainConfig } from '../config/schema.js';
import { ConfigError, DataError } from '../errors.js';
import { lossByName } from '../losses/loss-by-name.js';
import type { LoadedModel } from '../nn/serialize.js';
import { loadModel } from '../train/node/model-file.js';
import { realInside, realOrSelf } from './safe-path.js';

/** Runs whose data is kept at once; the one asked about least recently is dropped first. */
export const MAX_CACHED_RUNS = 4;

/** A run's model and the raw rows its activation maps are drawn from. */
export interface ActivationData {
  readonly loaded: LoadedModel;
  readonly task: ModelTask;
  /** Which data the rows are: the test set, the validation split, or the training data. */
  readonly split: 'test' | 'validation' | 'train';
  /** n rows of d raw features (after the source's own scaling, before preprocessing), row-major. */
  readonly x: Float32Array;
  readonly n: number;
  readonly d: number;
  /** Each row's class (classification), or null for regression. */
  readonly labels: Int32Array | null;
}

/** Why a run has no activation maps: an HTTP status and a message naming no path of the server. */
export interface ActivationRefusal {
  readonly status: 404;
  readonly error: string;
}

/** `config` without its preprocessing: the rows come out raw, split exactly as training split them. */
function withoutPreprocess(config: TrainConfig): TrainConfig {
  const { preprocess: _fitted, ...data } = config.data;
  return { ...config, data };
}

/** The rows of `config`'s evaluation data, built as buildExperiment builds them from the run's data stream: its own splits. */
function evaluationRows(config: TrainConfig, dataDir: string | undefined) {
  const loss = lossByName(config.loss.type, config.loss.delta === undefined ? {} : { delta: config.loss.delta });
  const dataRng = runStreams(config).data;
  const env = withFileSources(dataDir === undefined ? {} : { dataDir });
  const data = buildData(withoutPreprocess(config), env, dataRng, loss);
  const [split, set] =
    data.test !== undefined ? (['test', data.test] as const)
      : data.validation !== undefined ? (['validation', data.validation] as const)
        : (['train', data.train] as const);
  // Copies: the split's arrays may be views into the whole source, which need not stay in memory.
  return { split, x: set.ds.x.slice(0, set.ds.n * set.ds.d), n: set.ds.n, d: set.ds.d, labels: set.labels?.slice() ?? null };
}

/** A user error's place without its message (messages name absolute paths of the server). */
function placeOf(error: unknown): string | null {
  if (error instanceof ConfigError) return `config.json: ${error.path} (${error.name})`;
  if (error instanceof DataError) return `${error.file === undefined ? 'a data file' : basename(error.file)} could not be read (${error.name})`;
  return null;
}

/**
 * Loads `dir`'s model and evaluation rows; a refusal for a run without an image model or whose
 * files cannot be read. Files under `dir` are read only where they lie inside `root`; the data
 * files config.json names are read where it names them, as `descent train` read them.
 * @throws what is not a user error (a bug): the server answers 500.
 * @example loadActivationData('runs/digits-cnn-1', 'runs').split; //=> 'validation'
 */
export function loadActivationData(dir: string, root: string, dataDir?: string): ActivationData | ActivationRefusal {
  const modelFile = realInside(root, join(dir, 'model.json'));
  const configFile = realInside(root, join(dir, 'config.json'));
  if (modelFile === null) return { status: 404, error: 'this run has no model.json (yet)' };
  if (configFile === null) return { status: 404, error: 'this run has no config.json to rebuild its data from' };
  let loaded: LoadedModel;
  let task: ModelTask;
  try {
    loaded = loadModel(modelFile);
    task = modelTask(loaded.extras, modelFile);
  } catch (error) {
    if (placeOf(error) === null) throw error;
    return { status: 404, error: 'model.json could not be read' };
  }
  if (loaded.inputShape === undefined) {
    return { status: 404, error: 'this run\'s model has no image layers (no input shape): no activation maps' };
  }
  try {
    const rows = evaluationRows(loadTrainConfig(configFile).config, dataDir);
    const expected = task.preprocess?.inputDim ?? loaded.inputSize;
    if (rows.d !== expected) {
      return { status: 404, error: `the run's data has ${rows.d} features per row but its model takes ${expected}` };
    }
    return { loaded, task, ...rows };
  } catch (error) {
    const place = placeOf(error);
    if (place === null) throw error;
    return { status: 404, error: `the run's data could not be rebuilt: ${place}` };
  }
}

const mtimeOf = (file: string | null): number => {
  if (file === null) return -1;
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/**
 * loadActivationData cached per run directory, keyed by the modification times of config.json and
 * model.json, for at most MAX_CACHED_RUNS runs (one dataset each): choosing another image of the
 * same run reads nothing again.
 * @example new ActivationDataCache().get('runs/digits-cnn-1', 'runs');
 */
export class ActivationDataCache {
  private readonly entries = new Map<string, { key: string; value: ActivationData | ActivationRefusal }>();

  constructor(private readonly dataDir?: string) {}

  /** The data of `dir` (files read only inside `root`), loaded again only when a file changed. */
  get(dir: string, root = realOrSelf(dir)): ActivationData | ActivationRefusal {
    const key = [
      mtimeOf(realInside(root, join(dir, 'config.json'))),
      mtimeOf(realInside(root, join(dir, 'model.json'))),
    ].join(' ');
    const hit = this.entries.get(dir);
    // Deleted and set again on a hit too: the Map's order is then least recently used first.
    this.entries.delete(dir);
    const value = hit !== undefined && hit.key === key ? hit.value : loadActivationData(dir, root, this.dataDir);
    this.entries.set(dir, { key, value });
    for (const old of this.entries.keys()) {
      if (this.entries.size <= MAX_CACHED_RUNS) break;
      this.entries.delete(old);
    }
    return value;
  }
}
