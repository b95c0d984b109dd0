// Loading a training config file: read, validate with the schema, and resolve relative data paths
// against the config file's folder.
import { dirname, isAbsolute, resolve } from 'node:path';
import { readJsonFile } from './read-json.js';
import { type DataSourceConfig, type TrainConfig, trainConfigSchema } from './schema.js';
import { validate } from './validate.js';

export interface LoadedConfig {
  readonly config: TrainConfig;
  /** The config file's path, for messages. */
  readonly file: string;
}

function resolveSource(source: DataSourceConfig, dir: string): DataSourceConfig {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
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

/** Validates a parsed config object; relative paths resolve against `dir`. */
export function parseTrainConfig(input: unknown, file: string, dir = dirname(file)): TrainConfig {
  const config = validate(trainConfigSchema, input, file);
  const data = { ...config.data, source: resolveSource(config.data.source, dir) };
  if (config.data.test !== undefined) data.test = resolveSource(config.data.test, dir);
  return { ...config, data };
}

/**
 * Reads and validates a training config file.
 * @throws ConfigError naming the file and field path, or DataError when the file cannot be read.
 */
export function loadTrainConfig(file: string): LoadedConfig {
  return { config: parseTrainConfig(readJsonFile(file), file), file };
}
