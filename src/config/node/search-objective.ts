// The objective of `descent search`: one trial = the base training config with the trial's params
// written in, trained in this process (a worker's), reporting the metric after every epoch so the
// pruner can stop it. No run directory is written per trial: the study file holds every number.
import type { Params } from '../../search/space.js';
import { loadNativeBackend } from '../../backend/native/index.js';
import { setDefaultBackend } from '../../context.js';
import { applyParams } from '../../search/apply-params.js';
import type { JsonValue } from '../../search/json.js';
import type { Trial } from '../../search/trial.js';
import { TrialPruned } from '../../search/trial-pruned.js';
import { evaluate } from '../../train/evaluate.js';
import { fit, metricOf } from '../../train/fit.js';
import { buildExperiment } from './build-experiment.js';
import type { DataEnvironment } from '../load-source.js';
import type { MetricName, TrainConfig } from '../schema.js';
import { parseTrainConfig } from './load-config-file.js';
import { stripUndefined } from '../strip-undefined.js';

/** What a trial needs besides its params: plain JSON, so it can be written into a worker module. */
export interface TrainObjectiveContext {
  /** The base config's file (absolute): relative data paths resolve against its folder. */
  readonly baseFile: string;
  /** The base config as written (the space's paths index it). */
  readonly base: JsonValue;
  readonly metric: MetricName;
  readonly env?: DataEnvironment;
  /**
   * The backend a worker trains on: 'native' (one thread: issue 7 wants each trial single-threaded,
   * the search running one per core), or 'cpu'; absent, the library's default. A worker whose
   * native addon does not load trains on the TypeScript backend.
   */
  readonly backend?: 'native' | 'cpu';
}

/** Native threads per trial: one, since trials run side by side, one per core. */
export const TRIAL_THREADS = 1;

/** This module's URL, for a worker module that imports it (.ts under tsx, .js from dist). */
export const TRAIN_OBJECTIVE_MODULE: string = import.meta.url;

/**
 * The config one trial trains: the base with `params` written in and, for a coarse-to-fine stage,
 * `epochs` set to the stage's budget; validated like a config file.
 * @throws ConfigError naming the base file and the field a param made invalid.
 * @example trialConfig(context, { 'optimizer.lr': 0.01 }, 3).epochs; //=> 3
 */
export function trialConfig(
  context: TrainObjectiveContext,
  params: Params,
  epochs?: number,
): TrainConfig {
  const applied = applyParams(context.base, params);
  const config = parseTrainConfig(applied, context.baseFile);
  return epochs === undefined ? config : { ...config, epochs };
}

/**
 * Trains one trial and returns its metric, measured at the end on the trained model (after early
 * stopping restored its best epoch; after a divergence, on the last finite model, so a too-large
 * learning rate scores badly instead of failing). Reports the metric after every epoch and stops
 * with TrialPruned when the pruner says so.
 * @throws ConfigError / DataError for a config a param made invalid (the trial fails with it).
 * @example await runTrainTrial(context, { 'optimizer.lr': 0.01 }, trial); //=> 0.93
 */
export async function runTrainTrial(
  context: TrainObjectiveContext,
  params: Params,
  trial: Trial,
): Promise<number> {
  const config = trialConfig(context, params, trial.epochs);
  const exp = buildExperiment(config, context.env ?? {});
  await fit({
    model: exp.model,
    loss: exp.loss,
    optimizer: exp.optimizer,
    train: exp.train,
    ...(exp.preprocess === null ? {} : { preprocessed: exp.preprocess.steps.map((s) => s.type) }),
    epochs: config.epochs,
    batchSize: exp.batchSize,
    rng: exp.shuffleRng,
    dtype: exp.dtype,
    ...(exp.validation === undefined ? {} : { validation: exp.validation }),
    ...(config.regularization === undefined
      ? {}
      : { regularization: stripUndefined(config.regularization) }),
    ...(exp.schedule === undefined ? {} : { schedule: exp.schedule }),
    ...(exp.momentumSchedule === undefined ? {} : { momentumSchedule: exp.momentumSchedule }),
    ...(exp.plateau === undefined ? {} : { plateau: exp.plateau }),
    ...(config.earlyStopping === undefined
      ? {}
      : { earlyStopping: stripUndefined(config.earlyStopping) }),
    ...(config.clipGradNorm === undefined ? {} : { clipGradNorm: config.clipGradNorm }),
    callbacks: {
      onEpoch: async (event) => {
        trial.report(event.epoch, metricOf(event, context.metric));
        if (await trial.shouldPrune()) throw new TrialPruned();
      },
    },
  });
  const onValidation = context.metric.startsWith('val');
  const data = onValidation ? exp.validation : exp.train;
  if (data === undefined)
    throw new Error(`${context.metric} needs a validation split (data.validation)`);
  const result = evaluate(exp.model, data, exp.loss, exp.dtype);
  const value = context.metric.endsWith('Accuracy') ? result.accuracy : result.loss;
  if (value === undefined)
    throw new Error(`${context.metric} needs a classification loss, not ${exp.loss.name}`);
  return value;
}

/**
 * The objective function of a search over training configs: `(params, trial) => Promise<number>`.
 * @example
 * const objective = trainObjective({ baseFile, base, metric: 'valAccuracy' });
 * await search({ space, objective, trials: 10 });
 */
export function trainObjective(
  context: TrainObjectiveContext,
): (params: Params, trial: Trial) => Promise<number> {
  if (context.backend === 'native') {
    const native = loadNativeBackend({ threads: TRIAL_THREADS });
    if (native !== null) setDefaultBackend(native);
  }
  return (params, trial) => runTrainTrial(context, params, trial);
}

/**
 * The text of a worker module that binds this objective to one study's context (a worker process
 * imports an objective by module and export, and receives nothing else).
 * @example writeFileSync('objective.mjs', trainObjectiveModule(context));
 */
export function trainObjectiveModule(context: TrainObjectiveContext): string {
  return [
    '// Written by descent search: the objective its worker processes import (safe to delete).',
    `import { trainObjective } from ${JSON.stringify(TRAIN_OBJECTIVE_MODULE)};`,
    `export const objective = trainObjective(${JSON.stringify(context)});`,
    '',
  ].join('\n');
}
