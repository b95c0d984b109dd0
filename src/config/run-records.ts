// What a training run records about a built experiment, wherever it runs: the run log's start event
// and the model file's record (architecture, values, and what predict needs: loss, classes,
// preprocessing, input scale). `descent train` writes them to files; trainInWorker sends them to its caller.
import type { JsonObject } from '../nn/canonical-json.js';
import type { ModelRecord } from '../nn/serialize.js';
import type { StartEvent } from '../train/run-log.js';
import type { Experiment } from './build.js';

/** The run log's start event of a fresh run of `exp`. */
export function startRecord(name: string, exp: Experiment): StartEvent {
  return {
    type: 'start', time: new Date().toISOString(), name, config: exp.config,
    parameters: exp.model.parameterCount(), trainSize: exp.train.ds.n,
    valSize: exp.validation?.ds.n ?? 0, testSize: exp.test?.ds.n ?? 0,
    stepsPerEpoch: Math.ceil(exp.train.ds.n / exp.batchSize), backend: exp.model.parameters()[0]?.backend.name ?? 'cpu',
  };
}

/**
 * The model file's record of `exp`'s model as it is now (serializeModel turns it into model.json's text).
 * @example deserializeModel(serializeModel(experimentModelRecord(exp))).extras.classes; //=> 3
 */
export function experimentModelRecord(exp: Experiment): ModelRecord {
  const source = exp.config.data.source;
  // A `scale: true` image source divided the raw pixels by 255 before training: recorded so that
  // `descent predict` on raw IDX or CSV pixels does the same without being told (--scale).
  const scaled = source.type === 'fashion-mnist' && source.scale === true;
  const extras: JsonObject = {
    loss: exp.loss.name,
    ...(scaled ? { inputScale: 1 / 255 } : {}),
    ...(exp.classes === undefined ? {} : { classes: exp.classes }),
    ...(exp.classNames === undefined ? {} : { classNames: [...exp.classNames] }),
    ...(exp.preprocess === null ? {} : { preprocess: exp.preprocess as unknown as JsonObject }),
  };
  const shaped = exp.inputShape === undefined ? {} : { inputShape: exp.inputShape };
  return { config: exp.config.model, inputSize: exp.inputSize, ...shaped, dtype: exp.dtype, state: exp.model.stateDict(), extras };
}
