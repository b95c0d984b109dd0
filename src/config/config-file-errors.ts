// Naming the config or spec file in errors that were raised without it (by builders, samplers or
// storage that only know field paths), so every message a user sees says which file is wrong.
import { ConfigError } from '../errors.js';

/**
 * A ConfigError's message without its "file: path: " prefix.
 * @example bareMessage(new ConfigError('epochs', 'expected >= 1', 'a.json')); //=> 'expected >= 1'
 */
export function bareMessage(error: ConfigError): string {
  let text = error.message;
  if (error.file !== undefined && text.startsWith(`${error.file}: `))
    text = text.slice(error.file.length + 2);
  if (error.path !== '' && text.startsWith(`${error.path}: `))
    text = text.slice(error.path.length + 2);
  return text;
}

/** `error` with `file` named in it when it is a ConfigError that names no file; else `error` itself. */
function namingFile(error: unknown, file: string | undefined): unknown {
  return file !== undefined && error instanceof ConfigError && error.file === undefined
    ? new ConfigError(error.path, bareMessage(error), file)
    : error;
}

/**
 * Runs `fn`, giving any ConfigError that names no file the config or spec file `file` (none when
 * `file` is undefined: a config built in code).
 * @example inConfigFile('my.json', () => buildExperiment(config, env));
 */
export function inConfigFile<T>(file: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw namingFile(error, file);
  }
}

/**
 * inConfigFile for asynchronous work.
 * @example await inConfigFileAsync(spec.file, () => search(options));
 */
export async function inConfigFileAsync<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw namingFile(error, file);
  }
}
