// Checks a search space against its base training config before any trial runs: every path must
// exist in the base, and every end of every range (each listed choice) must still give a valid
// training config, so that "units: 0" or "l2: -1" is rejected up front and not as 50 failed trials.
import { ConfigError } from '../errors.js';
import { normalizeLayers } from '../nn/from-config.js';
import {
  momentumScheduleFromConfig,
  optimizerFromConfig,
  scheduleFromConfig,
} from '../optim/from-config.js';
import { applyParams, checkSpacePaths } from '../search/apply-params.js';
import type { JsonValue } from '../search/json.js';
import type { Distribution, SearchSpace } from '../search/space.js';
import { parseTrainConfig } from './load-config.js';
import type { TrainConfig } from './schema.js';

/**
 * Validates a training config as far as can be done without loading data: the schema, the layer
 * list, the optimizer and the schedules. Returns the parsed config.
 * @throws ConfigError naming `file` and the field.
 * @example checkTrainConfig(JSON.parse(readFileSync('examples/digits.json', 'utf8')), 'examples/digits.json');
 */
export function checkTrainConfig(raw: unknown, file: string): TrainConfig {
  const config = parseTrainConfig(raw, file);
  const inFile = <T>(fn: () => T): T => inConfigFile(file, fn);
  inFile(() => normalizeLayers(config.model));
  inFile(() => optimizerFromConfig(config.optimizer));
  if (config.schedule !== undefined) inFile(() => scheduleFromConfig(config.schedule));
  if (config.momentumSchedule !== undefined)
    inFile(() => momentumScheduleFromConfig(config.momentumSchedule));
  return config;
}

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

/** Runs `fn`, giving any ConfigError that names no file the config or spec file `file`. */
export function inConfigFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ConfigError && error.file === undefined) {
      throw new ConfigError(error.path, bareMessage(error), file);
    }
    throw error;
  }
}

/** The values worth trying for a dimension: both ends of a range, every choice, the fixed value. */
function probeValues(d: Distribution): { value: JsonValue; what: string }[] {
  switch (d.type) {
    case 'fixed':
      return [{ value: d.value, what: 'the fixed value' }];
    case 'choice':
      return d.choices.map((value) => ({ value, what: 'the choice' }));
    default:
      return [
        { value: d.low, what: 'the low end of the range' },
        { value: d.high, what: 'the high end of the range' },
      ];
  }
}

/**
 * Checks every path of `space` against the raw base config, then applies each end of each range
 * (and each choice) to the base, one dimension at a time, and validates the result.
 * @throws ConfigError at `space.<path>` naming what is wrong (no file: the caller adds the spec's).
 * @example checkSearchSpace({ 'model.0.units': int(0, 64) }, base, 'digits.json');
 * // throws: space.model.0.units: the low end of the range, 0, makes an invalid training config: ...
 */
export function checkSearchSpace(space: SearchSpace, base: JsonValue, baseFile: string): void {
  checkSpacePaths(space, base);
  for (const [path, d] of Object.entries(space)) {
    for (const { value, what } of probeValues(d)) {
      try {
        checkTrainConfig(applyParams(base, { [path]: value }), baseFile);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        const where =
          error.path === path ? bareMessage(error) : `${error.path}: ${bareMessage(error)}`;
        throw new ConfigError(
          `space.${path}`,
          `${what}, ${JSON.stringify(value)}, makes an invalid training config (${where})`,
        );
      }
    }
  }
}
