// The doctor's input for a built experiment: its data, loss and optimizer, and a factory for the
// model with the same initial weights `descent train` draws. Shared by `descent doctor` and the
// playground, which build the experiment in their own ways (files, or the page's config).
import type { DoctorInput } from '../doctor/doctor-input.js';
import { buildModel } from '../nn/from-config.js';
import { optimizerFromConfig } from '../optim/from-config.js';
import { type Experiment, runStreams } from './build.js';
import type { TrainConfig } from './schema.js';
import { stripUndefined } from './strip-undefined.js';
import { parsePreprocessSteps } from '../data/preprocess/steps.js';

/**
 * The doctor's input for `exp`, built from `config`.
 * @example runDoctor(experimentDoctorInput(config, buildExperiment(config)));
 */
export function experimentDoctorInput(config: TrainConfig, exp: Experiment): DoctorInput {
  const spec = optimizerFromConfig(config.optimizer);
  const seed = config.seed ?? 0;
  const outputSize = exp.classes ?? exp.train.ds.yDim;
  return {
    model: (dtype) => {
      // The initialization stream of buildExperiment: the same first weights as the run's.
      return buildModel(config.model, { inputSize: exp.inputSize, ...(exp.inputShape === undefined ? {} : { inputShape: exp.inputShape }), rng: runStreams(config).init, dtype, outputSize });
    },
    train: exp.train,
    ...(exp.validation === undefined ? {} : { validation: exp.validation }),
    loss: exp.loss,
    ...(exp.classes === undefined ? {} : { classes: exp.classes }),
    ...(config.regularization === undefined ? {} : { regularization: stripUndefined(config.regularization) }),
    optimizer: (model) => spec.create(model.namedParameters()),
    batchSize: exp.batchSize,
    // The config's steps, since the fitted ones do not say whether statistics were per channel.
    preprocess: exp.preprocess === null ? [] : parsePreprocessSteps(config.data.preprocess ?? [])
      .map((s) => ('perChannel' in s && s.perChannel === true ? `${s.type} per channel` : s.type)),
    seed,
  };
}
