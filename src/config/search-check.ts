// Checks a search space against its base training config before any trial runs: every path must
// exist in the base, and every end of every range (each listed choice) must still give a valid
// training config, so that "units: 0" or "l2: -1" is rejected up front and not as 50 failed trials.
import { ConfigError } from '../errors.js';
import { applyParams, checkSpacePaths } from '../search/apply-params.js';
import type { JsonValue } from '../search/json.js';
import type { Distribution, SearchSpace } from '../search/space.js';
import { bareMessage } from './config-file-errors.js';
import { parseTrainConfig } from './load-config.js';

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
        parseTrainConfig(applyParams(base, { [path]: value }), baseFile);
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
