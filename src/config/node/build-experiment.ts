// buildExperiment in Node: the config's file sources (CSV, IDX, digits, Fashion-MNIST) are read from disk.
import { buildExperiment as buildFromSources, type Experiment } from '../build.js';
import type { DataEnvironment } from '../load-source.js';
import type { TrainConfig } from '../schema.js';
import { withFileSources } from './file-sources.js';

export type { Experiment } from '../build.js';

/**
 * Builds the dataset, model, loss, optimizer and schedule of a validated config, reading its data files.
 * @throws ConfigError or DataError naming the file and the place.
 * @example buildExperiment(loadTrainConfig('examples/iris.json').config).data.train.n; //=> 120
 */
export function buildExperiment(config: TrainConfig, env: DataEnvironment = {}): Experiment {
  return buildFromSources(config, withFileSources(env));
}
