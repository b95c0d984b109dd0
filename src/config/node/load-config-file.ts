// Loading a training config file: read it, validate it (../load-config.ts), and resolve relative data
// paths against the config file's folder.
import { dirname, isAbsolute, resolve } from 'node:path';
import { type LoadedConfig, parseTrainConfig as validateTrainConfig } from '../load-config.js';
import type { TrainConfig } from '../schema.js';
import { readJsonFile } from './read-json-file.js';

/**
 * Validates a parsed config object (see ../load-config.ts), resolving relative data paths against
 * `dir` (default: the folder of `file`).
 * @throws ConfigError naming `file` and the first bad field, with every other problem listed after it.
 * @example parseTrainConfig(JSON.parse(text), 'configs/my.json').data.source; //=> { type: 'csv', path: '/abs/configs/iris.csv', ... }
 */
export function parseTrainConfig(input: unknown, file: string, dir = dirname(file)): TrainConfig {
  return validateTrainConfig(input, file, (p) => (isAbsolute(p) ? p : resolve(dir, p)));
}

/**
 * Reads and validates a training config file.
 * @throws ConfigError naming the file and field path, or DataError when the file cannot be read.
 */
export function loadTrainConfig(file: string): LoadedConfig {
  return { config: parseTrainConfig(readJsonFile(file), file), file };
}
