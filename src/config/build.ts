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
import { buildModel, modelOutput, normalizeLayers } from '../nn/from-config.js';
import { layerSpec } from '../nn/layer-specs.js';
import { BatchNorm } from '../nn/layers/batch-norm.js';
import type { Sequential } from '../nn/layers/sequential.js';
import type { Module } from '../nn/module.js';
import { optimizerFromConfig, scheduleFromConfig } from '../optim/from-config.js';
import { momentumScheduleFor } from '../optim/schedules/momentum-schedule.js';
import type { ParameterOptimizer } from '../optim/optimizer.js';
import { ReduceOnPlateau } from '../optim/schedules/reduce-on-plateau.js';
import { Rng } from '../tensor/rng.js';
import type { Schedule } from '../train/fit.js';
import type { TrainingData } from '../train/batch.js';
import { type DataEnvironment, loadSource } from './load-source.js';
import { configIssues } from './check-config.js';
import type { DataSourceConfig, TrainConfig } from './schema.js';
import { throwIssues } from './validate.js';

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
  /** The class names, in class order, when the training labels were names (saved in the model file). */
  readonly classNames?: readonly string[];
  readonly inputSize: number;
  /** The training data's sample shape ([1, 8, 8] for digits) when the model has image layers: the model's input shape. */
  readonly inputShape?: readonly number[];
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

/** Classes counted as 1 + the largest label (csv and idx sources), and where that label is. */
export interface InferredClasses {
  readonly classes: number;
  readonly label: number;
  /** The file holding the largest label (an idx source's labels file). */
  readonly file: string;
  /** Where in the file: `row 12` (1-based, as the CSV reader counts) or `item 11` (0-based, as the IDX reader does). */
  readonly location: string;
}

interface LabelSet {
  readonly ds: Dataset;
  readonly source: DataSourceConfig;
}

/** The file a source's labels come from, and how a position in it is named, for messages. */
function labelPlace(set: LabelSet, i: number): { file: string; location: string } {
  return set.source.type === 'idx'
    ? { file: set.source.labels, location: `item ${i}` }
    : { file: set.ds.source, location: `row ${i + 1}` };
}

/**
 * The class count of a classification dataset: its own for sources that know it (spiral, digits,
 * fashion-mnist), else 1 + the largest label over the training and test files, and where it is.
 */
function classCount(sets: readonly LabelSet[]): { classes: number; inferred?: InferredClasses } {
  const first = sets[0]!;
  const type = first.source.type;
  // A csv source of names knows its classes (the names); one of class indices counts them.
  const known = (type !== 'csv' && type !== 'idx') || first.ds.classNames !== undefined;
  if (known && first.ds.classes !== undefined) return { classes: first.ds.classes };
  let best = { label: 0, set: first, i: 0 };
  for (const set of sets) {
    const { ds } = set;
    for (let i = 0; i < ds.n; i++) {
      const label = ds.y[i * ds.yDim]!;
      if (label > best.label) best = { label, set, i };
    }
  }
  const classes = Math.floor(best.label) + 1;
  return { classes, inferred: { classes, label: best.label, ...labelPlace(best.set, best.i) } };
}

/** `ds` with preprocessed features; a step that changes their number (PCA) leaves no sample shape. */
function withFeatures(ds: Dataset, x: Float32Array, d: number): Dataset {
  if (d === ds.d) return { ...ds, x, d };
  const { shape: _dropped, ...flat } = ds;
  return { ...flat, x, d };
}

/**
 * A csv test source read with the training file's class names, so that each name gets the training
 * index (and a name training never saw is an error), unless it lists its own.
 */
function withTrainingClasses<T>(test: T, train: Dataset): T {
  if (typeof test !== 'object' || test === null || !isCsvSource(test) || test.classes !== undefined || train.classNames === undefined) return test;
  return { ...test, classes: [...train.classNames] };
}

function isCsvSource(source: object): source is Extract<DataSourceConfig, { type: 'csv' }> {
  return 'type' in source && source.type === 'csv';
}

/** Training and test labels must both be names in the same order, or both class indices. */
function checkSameClasses(train: Dataset, test: Dataset | undefined): void {
  if (test === undefined) return;
  const a = train.classNames;
  const b = test.classNames;
  if (a === undefined && b !== undefined) {
    throw new ConfigError('data.test', `the test labels are names (${b.join(', ')}) but the training labels are class indices`);
  }
  if (a !== undefined && b !== undefined && a.join('\n') !== b.join('\n')) {
    throw new ConfigError('data.test.classes', `lists ${b.join(', ')}, but the training classes are ${a.join(', ')} (in that order)`);
  }
}

/** Loads, splits and preprocesses the data of a config. */
export function buildData(config: TrainConfig, env: DataEnvironment, rng: Rng, loss: NamedLoss) {
  const source = loadSource(config.data.source, rng.fork(), env, 'train');
  const testSource = typeof config.data.test === 'object' ? config.data.test : undefined;
  const testConfig = withTrainingClasses(testSource, source);
  const testSet = testConfig === undefined ? undefined : loadSource(testConfig, rng.fork(), env, 'test');
  checkSameClasses(source, testSet);
  const classification = loss.kind === 'classification';
  if (!classification && source.classNames !== undefined) {
    // The names were numbered only to name classes: regressing on those numbers would fit an order
    // that means nothing.
    throw new ConfigError(
      'loss',
      `the labels of ${source.source} are class names (${source.classNames.join(', ')}), but ${loss.name} is a regression loss: ` +
        "use a classification loss ('softmaxCrossEntropy'), or give the labels as numbers",
    );
  }
  const splitRng = rng.fork();
  const splitBy = classification ? stratifiedSplit : randomSplit;
  // A test fraction is held out of data.source first, by a stream of its own, so that configs
  // without one keep their splits; the validation fraction then splits what remains.
  const held =
    typeof config.data.test === 'number'
      ? splitBy(source, config.data.test, rng.fork(), { path: 'data.test', part: 'test' })
      : undefined;
  const pool = held?.train ?? source;
  const split =
    config.data.validation === undefined
      ? undefined
      : splitBy(pool, config.data.validation, splitRng, { path: 'data.validation' });
  let train = split?.train ?? pool;
  let validation = split?.validation;
  let test = held?.validation ?? testSet;
  let preprocess: FrozenPreprocess | null = null;
  if (config.data.preprocess !== undefined && config.data.preprocess.length > 0) {
    const fitted = fitApplyPreprocess(config.data.preprocess, train.x, train.n, train.d, 'data.preprocess', train.shape);
    preprocess = fitted.frozen;
    const frozen = fitted.frozen;
    train = withFeatures(train, fitted.x, fitted.d);
    if (validation !== undefined) validation = withFeatures(validation, applyPreprocess(frozen, validation.x, validation.n), frozen.outputDim);
    if (test !== undefined) test = withFeatures(test, applyPreprocess(frozen, test.x, test.n), frozen.outputDim);
  }
  if (test !== undefined && test.d !== train.d) {
    throw new ConfigError('data.test', `the test set has ${test.d} features per row, the training set ${train.d}`);
  }
  const counted =
    classification && loss.name !== 'binaryCrossEntropy'
      ? classCount([
          { ds: source, source: config.data.source },
          ...(testSet === undefined || testSource === undefined ? [] : [{ ds: testSet, source: testSource }]),
        ])
      : undefined;
  const classes = counted?.classes;
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
    ...(source.classNames === undefined ? {} : { classNames: source.classNames }),
    ...(counted?.inferred === undefined ? {} : { inferred: counted.inferred }),
  };
}

/**
 * Batch norm estimates a variance per batch, so a batch of one example stops training with an error
 * mid-run: refuse a batch size of 1, or one that leaves a last batch of 1 example, up front.
 */
function checkBatchNormBatches(model: Module, batchSize: number, rows: number): void {
  if (!model.namedModules().some(([, m]) => m instanceof BatchNorm)) return;
  if (batchSize === 1) {
    throw new ConfigError('batchSize', 'batch norm needs at least 2 examples per batch to estimate a variance, got a batch size of 1');
  }
  if (rows % batchSize === 1) {
    let fits = batchSize + 1;
    while (rows % fits === 1) fits++;
    throw new ConfigError(
      'batchSize',
      `with ${rows} training examples a batch size of ${batchSize} leaves a last batch of 1 example, which batch norm cannot ` +
        `normalize (no variance): use a batch size that does not divide ${rows - 1}, e.g. ${fits}`,
    );
  }
}

/**
 * A model with fewer outputs than the classes counted from the labels: the message names the file
 * and row of the largest label, usually a label out of range (255 in a 10-class file).
 */
function checkInferredClasses(config: TrainConfig, inputSize: number | readonly number[], inferred: InferredClasses | undefined): void {
  if (inferred === undefined) return;
  const out = modelOutput(config.model, inputSize);
  if (out.size >= inferred.classes) return;
  throw new ConfigError(
    out.lastWeighted < 0 ? 'model' : `model.${out.lastWeighted}.units`,
    `the model outputs ${out.size} values per example but ${inferred.classes} are needed (one per class): ` +
      `the classes are counted as the largest label + 1, and ${inferred.file}, ${inferred.location} has label ${inferred.label}, ` +
      `beyond the model's ${out.size} outputs (labels 0 to ${out.size - 1}): fix that label, or give the layer ${inferred.classes} units`,
  );
}

/**
 * Whether a layer list has image layers (conv2d, pools): only those read rows as the data's sample
 * shape; a model of dense layers reads them flat, as it always has, whatever shape the data carries.
 */
function imageLayers(layers: unknown): boolean {
  return normalizeLayers(layers).some((c) => layerSpec(c.type)?.input === 'image');
}

/**
 * Builds everything a run needs from a validated config: first every check that needs no data
 * (as parseTrainConfig), then the data, then the model and what depends on the data. Seeds: one root generator from
 * `config.seed` (default 0) forks independent streams for data, split, initialization and shuffling.
 * @throws ConfigError / DataError naming the field or file at fault.
 */
/**
 * The run's random streams, forked in this order from one generator seeded with `config.seed`
 * (default 0): the data (splits), the initialization, the shuffling. Whatever rebuilds part of a run
 * (the doctor's fresh models, the dashboard's evaluation rows) takes its stream from here.
 * @example runStreams({ seed: 1 }).data.uniform(); // the first draw of run 1's splits
 */
export function runStreams(config: Pick<TrainConfig, 'seed'>): { data: Rng; init: Rng; shuffle: Rng } {
  const root = new Rng(config.seed ?? 0);
  const data = root.fork();
  const init = root.fork();
  return { data, init, shuffle: root.fork() };
}

export function buildExperiment(config: TrainConfig, env: DataEnvironment = {}): Experiment {
  // Everything that needs no data is checked first, so a typo does not wait for 60,000 images.
  throwIssues(configIssues(config));
  const { data: dataRng, init: initRng, shuffle: shuffleRng } = runStreams(config);
  const lossConfig = config.loss;
  const loss = lossByName(lossConfig.type, lossConfig.delta === undefined ? {} : { delta: lossConfig.delta });
  const data = buildData(config, env, dataRng, loss);
  const dtype = config.dtype ?? 'float32';
  const inputShape = imageLayers(config.model) ? data.train.ds.shape : undefined;
  checkInferredClasses(config, inputShape ?? data.train.ds.d, data.inferred);
  const outputSize = data.classes ?? data.train.ds.yDim;
  const shaped = inputShape === undefined ? {} : { inputShape };
  const model = buildModel(config.model, { inputSize: data.train.ds.d, ...shaped, rng: initRng, dtype, outputSize, evenWindows: true });
  const spec = optimizerFromConfig(config.optimizer);
  const optimizer = spec.create(model.namedParameters());
  const schedule = config.schedule === undefined ? undefined : scheduleFromConfig(config.schedule);
  // configIssues checked that the optimizer has a momentum and that the schedule keeps it in [0, 1).
  const momentumSchedule =
    config.momentumSchedule === undefined
      ? undefined
      : momentumScheduleFor(config.momentumSchedule, { momentum: optimizer.momentum ?? 0, epochs: config.epochs });
  const n = data.train.ds.n;
  // L-BFGS's line search assumes one objective: it steps on the whole training set.
  if (spec.needsClosure && config.batchSize !== undefined && config.batchSize < n) {
    throw new ConfigError('batchSize', `lbfgs takes full-batch steps: leave batchSize out, or set it to at least ${n} (the training examples), got ${config.batchSize}`);
  }
  const batchSize = spec.needsClosure ? n : Math.min(config.batchSize ?? 128, n);
  checkBatchNormBatches(model, batchSize, n);
  return {
    config, dtype, model, loss, optimizer, batchSize, shuffleRng,
    train: data.train, preprocess: data.preprocess, inputSize: data.train.ds.d, ...shaped,
    ...(data.validation === undefined ? {} : { validation: data.validation }),
    ...(data.test === undefined ? {} : { test: data.test }),
    ...(data.classes === undefined ? {} : { classes: data.classes }),
    ...(data.classNames === undefined ? {} : { classNames: data.classNames }),
    ...(schedule instanceof ReduceOnPlateau ? { plateau: schedule } : schedule === undefined ? {} : { schedule }),
    ...(momentumSchedule === undefined ? {} : { momentumSchedule }),
  };
}
