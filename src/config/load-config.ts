// Validating a training config: the schema and every check that needs no data, reported together.
// This works on a parsed object in any JavaScript engine; node/load-config-file.ts reads the file and
// resolves relative data paths against its folder.
import { type DataSourceConfig, type TrainConfig, trainConfigSchema } from './schema.js';
import { configIssues } from './check-config.js';
import { schemaIssues, throwIssues } from './validate.js';

export interface LoadedConfig {
  readonly config: TrainConfig;
  /** The config file's path, for messages. */
  readonly file: string;
}

/** Rewrites every data path of a config source with `at` (relative paths -> absolute, in Node). */
export function mapSourcePaths(source: DataSourceConfig, at: (path: string) => string): DataSourceConfig {
  switch (source.type) {
    case 'csv':
      return { ...source, path: at(source.path) };
    case 'idx':
      return { ...source, images: at(source.images), labels: at(source.labels) };
    case 'fashion-mnist':
      return source.dir === undefined ? source : { ...source, dir: at(source.dir) };
    default:
      return source;
  }
}

/**
 * Validates a parsed config object: the schema, then in depth every section that needs no data
 * (layers, loss, optimizer, schedules, preprocessing steps, metrics). Data paths are rewritten
 * with `at` when given (Node resolves relative ones against the config's folder).
 * @throws ConfigError naming `file` and the first bad field, with every other problem found listed
 * after it.
 * @example parseTrainConfig(JSON.parse(text), 'my.json').epochs; //=> 30
 */
export function parseTrainConfig(input: unknown, file: string, at?: (path: string) => string): TrainConfig {
  const parsed = schemaIssues(trainConfigSchema, input);
  throwIssues([...parsed.issues, ...configIssues(input, parsed.issues)], file);
  const config = parsed.data!;
  if (at === undefined) return config;
  const data = { ...config.data, source: mapSourcePaths(config.data.source, at) };
  if (typeof config.data.test === 'object') data.test = mapSourcePaths(config.data.test, at);
  return { ...config, data };
}
