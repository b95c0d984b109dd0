// Loading a training config file: read, validate with the schema and every check that needs no data
// (reported together), and resolve relative data paths against the config file's folder.
import { dirname, isAbsolute, resolve } from 'node:path';
import { readJsonFile } from './read-json.js';
import { type DataSourceConfig, type TrainConfig, trainConfigSchema } from './schema.js';
import { configIssues } from './check-config.js';
import { schemaIssues, throwIssues } from './validate.js';

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

/**
 * Validates a parsed config object: the schema, then in depth every section that needs no data
 * (layers, loss, optimizer, schedules, preprocessing steps, metrics). Relative paths resolve
 * against `dir`.
 * @throws ConfigError naming `file` and the first bad field, with every other problem found listed
 * after it.
 * @example parseTrainConfig(JSON.parse(text), 'my.json').epochs; //=> 30
 */
export function parseTrainConfig(input: unknown, file: string, dir = dirname(file)): TrainConfig {
  const parsed = schemaIssues(trainConfigSchema, input);
  throwIssues([...parsed.issues, ...configIssues(input, parsed.issues)], file);
  const config = parsed.data!;
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
