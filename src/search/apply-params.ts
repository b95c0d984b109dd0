// Between a search space and a base config: check that every path exists, and build a trial's
// config by writing its params into a copy of the base.
import { getPath, setPath } from './path.js';
import type { JsonValue } from './json.js';
import type { Params, SearchSpace } from './space.js';

/**
 * Checks that every path of the space exists in the base config.
 * @throws ConfigError at `space.<path>` naming the missing or non-object segment.
 * @example checkSpacePaths({ 'model.1.alpha': uniform(0, 1) }, { model: [{}, 'relu'] });
 * // throws: space.model.1.alpha: model.1 is the string "relu", not an object, so it has no field "alpha" ...
 */
export function checkSpacePaths(space: SearchSpace, base: JsonValue, prefix = 'space'): void {
  for (const path of Object.keys(space)) getPath(base, path, { errorPrefix: prefix });
}

/**
 * A deep copy of `base` with each param written at its path; `base` is left unchanged.
 * @throws ConfigError naming a path that `base` lacks.
 * @example applyParams({ optimizer: { lr: 0.1 } }, { 'optimizer.lr': 0.01 }); //=> { optimizer: { lr: 0.01 } }
 */
export function applyParams<T extends JsonValue>(base: T, params: Params): T {
  const out = structuredClone(base);
  for (const [path, value] of Object.entries(params))
    setPath(out, path, value, { errorPrefix: 'space' });
  return out;
}
