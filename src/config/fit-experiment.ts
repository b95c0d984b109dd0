// Training a built experiment with everything its config asked for (regularization, schedules,
// plateau, early stopping, clipping), in any JavaScript engine: the whole of `descent train` except
// its files. A page trains a config with buildExperiment + fitExperiment.
import { fit, type FitOptions, type FitResult } from '../train/fit.js';
import type { WatchOptions } from '../train/watch/watcher.js';
import type { Experiment } from './build.js';
import { watchEntry } from './experiment-watch.js';
import { stripUndefined } from './strip-undefined.js';

/** What the caller adds to the config's own fit options. */
export type FitExtras = Partial<Pick<FitOptions, 'callbacks' | 'signal' | 'yieldEveryMs' | 'log' | 'interrupted' | 'checkpoint' | 'resume' | 'history'>>;

/**
 * The fit options a built experiment's config describes.
 * @example fit({ ...experimentFitOptions(exp), signal }); // what fitExperiment(exp, { signal }) does
 */
export function experimentFitOptions(exp: Experiment): FitOptions {
  const { config } = exp;
  return {
    model: exp.model, loss: exp.loss, optimizer: exp.optimizer, train: exp.train, epochs: config.epochs,
    ...(exp.preprocess === null ? {} : { preprocessed: exp.preprocess.steps.map((s) => s.type) }),
    batchSize: exp.batchSize, rng: exp.shuffleRng, dtype: exp.dtype,
    ...(exp.validation === undefined ? {} : { validation: exp.validation }),
    ...(config.regularization === undefined ? {} : { regularization: stripUndefined(config.regularization) }),
    ...(exp.schedule === undefined ? {} : { schedule: exp.schedule }),
    ...(exp.momentumSchedule === undefined ? {} : { momentumSchedule: exp.momentumSchedule }),
    ...(exp.plateau === undefined ? {} : { plateau: exp.plateau }),
    ...(config.earlyStopping === undefined ? {} : { earlyStopping: stripUndefined(config.earlyStopping) }),
    ...(config.clipGradNorm === undefined ? {} : { clipGradNorm: config.clipGradNorm }),
  };
}

/**
 * Trains a built experiment as its config says; the model trains in place. `watch` is fit's, with
 * the initial loss the config's svm margin implies.
 * @example
 * const exp = buildExperiment(parseTrainConfig(json, 'spiral.json'));
 * const result = await fitExperiment(exp, { signal: stopButton.signal });
 * result.history.at(-1)?.trainAccuracy; //=> 0.99
 */
export function fitExperiment(exp: Experiment, extras: FitExtras & { readonly watch?: boolean | WatchOptions } = {}): Promise<FitResult> {
  const { watch, ...rest } = extras;
  return fit({ ...experimentFitOptions(exp), ...rest, ...watchEntry(exp, watch) });
}
