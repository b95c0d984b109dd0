// config -> everything a training run needs: data (split, preprocessed), model, loss, optimizer,
// schedules. Each section is validated in depth by its owner (nn, optim, data) with field paths.
import type { DType } from '../backend/backend.js';
import { classLabels } from '../data/class-labels.js';
import type { Dataset } from '../data/dataset.js';
import { applyPreprocess } from '../data/preprocess/apply-preprocess.js';
import { fitApplyPreprocess } from '../data/preprocess/fit-preprocess.js';
import type { FrozenPreprocess } from '../data/preprocess/frozen.js';
import { randomSplit, stratifiedSplit } from '../data/split.js';
import { ConfigError } from '../errors.js';
import { lossByName, type NamedLoss } from '../losses/loss-by-name.js';
import { buildModel } from '../nn/from-config.js';
import type { Sequential } from '../nn/layers/sequential.js';
import { momentumScheduleFromConfig, optimizerFromConfig, scheduleFromConfig } from '../optim/from-config.js';
import type { ParameterOptimizer } from '../optim/optimizer.js';
import { ReduceOnPlateau } from '../optim/schedules/reduce-on-plateau.js';
import { Rng } from '../tensor/rng.js';
import type { Schedule } from '../train/fit.js';
import type { TrainingData } from '../train/batch.js';
import { type DataEnvironment, loadSource } from './load-source.js';
import type { TrainConfig } from './schema.js';

export interface Experiment {
  readonly config: TrainConfig;
  readonly dtype: DType;
  readonly train: TrainingData;
  readonly validation?: TrainingData;
  readonly test?: TrainingData;
  /** Fitted preprocessing (saved in the model file), or null when none is configured. */
  readonly preprocess: FrozenPreprocess | null;
  /** Number of classes for classification losses. */
  readonly classes?: number;
  readonly inputSize: number;
  readonly model: Sequential;
  readonly loss: NamedLoss;
  readonly optimizer: ParameterOptimizer;
  readonly schedule?: Schedule;
  readonly plateau?: ReduceOnPlateau;
  readonly momentumSchedule?: Schedule;
  readonly batchSize: number;
  /** Shuffles minibatches. */
  readonly shuffleRng: Rng;
}

/** The class count of a classification dataset: its own, or 1 + the largest label. */
function classCount(ds: Dataset, extra?: Dataset): number {
  if (ds.classes !== undefined) return ds.classes;
  let max = 0;
  for (const set of extra === undefined ? [ds] : [ds, extra]) for (let i = 0; i < set.n; i++) max = Math.max(max, set.y[i * set.yDim]!);
  return Math.floor(max) + 1;
}

function withFeatures(ds: Dataset, x: Float32Array, d: number): Dataset {
  return { ...ds, x, d };
}

/** Loads, splits and preprocesses the data of a config. */
export function buildData(config: TrainConfig, env: DataEnvironment, rng: Rng, loss: NamedLoss) {
  const source = loadSource(config.data.source, rng.fork(), env, 'train');
  const testSet = config.data.test === undefined ? undefined : loadSource(config.data.test, rng.fork(), env, 'test');
  const classification = loss.kind === 'classification';
  const splitRng = rng.fork();
  const split =
    config.data.validation === undefined
      ? undefined
      : (classification ? stratifiedSplit : randomSplit)(source, config.data.validation, splitRng, { path: 'data.validation' });
  let train = split?.train ?? source;
  let validation = split?.validation;
  let test = testSet;
  let preprocess: FrozenPreprocess | null = null;
  if (config.data.preprocess !== undefined && config.data.preprocess.length > 0) {
    const fitted = fitApplyPreprocess(config.data.preprocess, train.x, train.n, train.d);
    preprocess = fitted.frozen;
    const frozen = fitted.frozen;
    train = withFeatures(train, fitted.x, fitted.d);
    if (validation !== undefined) validation = withFeatures(validation, applyPreprocess(frozen, validation.x, validation.n), frozen.outputDim);
    if (test !== undefined) test = withFeatures(test, applyPreprocess(frozen, test.x, test.n), frozen.outputDim);
  }
  if (test !== undefined && test.d !== train.d) {
    throw new ConfigError('data.test', `the test set has ${test.d} features per row, the training set ${train.d}`);
  }
  const classes = classification && loss.name !== 'binaryCrossEntropy' ? classCount(source, testSet) : undefined;
  if (classification) {
    // Check the labels of whole files first, so an error names the file's own row numbers.
    classLabels(source, classes ?? 2, 'training data');
    if (testSet !== undefined) classLabels(testSet, classes ?? 2, 'test data');
  }
  const prep = (ds: Dataset, where: string): TrainingData => ({
    ds,
    labels: classification ? classLabels(ds, classes ?? 2, where) : null,
  });
  return {
    train: prep(train, 'training split'),
    ...(validation === undefined ? {} : { validation: prep(validation, 'validation split') }),
    ...(test === undefined ? {} : { test: prep(test, 'test data') }),
    preprocess,
    ...(classes === undefined ? {} : { classes }),
  };
}

/**
 * Builds everything a run needs from a validated config. Seeds: one root generator from
 * `config.seed` (default 0) forks independent streams for data, split, initialization and shuffling.
 * @throws ConfigError / DataError naming the field or file at fault.
 */
export function buildExperiment(config: TrainConfig, env: DataEnvironment = {}): Experiment {
  const root = new Rng(config.seed ?? 0);
  const dataRng = root.fork();
  const initRng = root.fork();
  const shuffleRng = root.fork();
  const lossConfig = config.loss;
  const loss = lossByName(lossConfig.type, lossConfig.delta === undefined ? {} : { delta: lossConfig.delta });
  const data = buildData(config, env, dataRng, loss);
  const dtype = config.dtype ?? 'float32';
  const outputSize = data.classes ?? data.train.ds.yDim;
  const model = buildModel(config.model, { inputSize: data.train.ds.d, rng: initRng, dtype, outputSize });
  const spec = optimizerFromConfig(config.optimizer);
  if (spec.needsClosure) {
    throw new ConfigError('optimizer.type', 'lbfgs needs full-batch closures; use it from the library API (descent train runs minibatch updates)');
  }
  const optimizer = spec.create(model.namedParameters());
  const schedule = config.schedule === undefined ? undefined : scheduleFromConfig(config.schedule);
  const momentumSchedule = config.momentumSchedule === undefined ? undefined : momentumScheduleFromConfig(config.momentumSchedule);
  if (momentumSchedule !== undefined && optimizer.momentum === undefined) {
    throw new ConfigError('momentumSchedule', `the ${spec.type} optimizer has no momentum to schedule (use sgd with momentum, adam or adamw)`);
  }
  const batchSize = Math.min(config.batchSize ?? 128, data.train.ds.n);
  return {
    config, dtype, model, loss, optimizer, batchSize, shuffleRng,
    train: data.train, preprocess: data.preprocess, inputSize: data.train.ds.d,
    ...(data.validation === undefined ? {} : { validation: data.validation }),
    ...(data.test === undefined ? {} : { test: data.test }),
    ...(data.classes === undefined ? {} : { classes: data.classes }),
    ...(schedule instanceof ReduceOnPlateau ? { plateau: schedule } : schedule === undefined ? {} : { schedule }),
    ...(momentumSchedule === undefined ? {} : { momentumSchedule }),
  };
}
