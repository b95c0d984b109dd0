// The page's state is a descent train config: read from and written to the URL hash as
// `#config=<encodeURIComponent(JSON)>`, and validated by the same functions `descent train` uses.
import { parseTrainConfig } from '../config/load-config.js';
import type { TrainConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';

/** The name configs from the page are reported under in messages. */
export const CONFIG_NAME = 'playground config';

const PREFIX = '#config=';

/**
 * The hash that holds `config`.
 * @example hashOf({ epochs: 1 }); //=> '#config=%7B%22epochs%22%3A1%7D'
 */
export function hashOf(config: unknown): string {
  return PREFIX + encodeURIComponent(JSON.stringify(config));
}

/** A config as written (what the hash and the export hold) and as validated (what training builds from). */
export interface CheckedConfig {
  readonly raw: { readonly [key: string]: unknown };
  readonly config: TrainConfig;
}

/**
 * The config in a URL hash, validated; undefined when the hash holds none.
 * @throws ConfigError for text that is not JSON, or a config the schema refuses (the CLI's message).
 */
export function configFromHash(hash: string): CheckedConfig | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  let text: string;
  try {
    text = decodeURIComponent(hash.slice(PREFIX.length));
  } catch {
    throw new ConfigError('', 'the URL hash is not valid percent-encoding', CONFIG_NAME);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('', `the URL hash is not JSON: ${error instanceof Error ? error.message : String(error)}`, CONFIG_NAME);
  }
  return checkConfig(value);
}

/**
 * Validates a config object with descent train's schema and checks.
 * @throws ConfigError as `descent train` reports it, naming the field.
 */
export function checkConfig(value: unknown): CheckedConfig {
  const config = parseTrainConfig(value, CONFIG_NAME);
  return { raw: value as CheckedConfig['raw'], config };
}
