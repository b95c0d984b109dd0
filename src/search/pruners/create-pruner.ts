// Pruners by name or JSON form ("median", {"type": "successiveHalving", "reductionFactor": 3}).
import { ConfigError } from '../../errors.js';
import { describeJson, isPlainObject } from '../json.js';
import { medianPruner, type MedianPrunerOptions } from './median.js';
import type { Pruner } from './pruner.js';
import { successiveHalvingPruner, type SuccessiveHalvingOptions } from './successive-halving.js';

/** A pruner: a name, an options object with a `type`, a Pruner, or 'none'. */
export type PrunerSpec =
  | 'none'
  | 'median'
  | 'successiveHalving'
  | ({ readonly type: 'median' } & MedianPrunerOptions)
  | ({ readonly type: 'successiveHalving' } & SuccessiveHalvingOptions)
  | Pruner;

const KEYS: Record<string, readonly string[]> = {
  none: [],
  median: ['nStartupTrials', 'nWarmupSteps', 'nMinTrials'],
  successiveHalving: ['minResource', 'reductionFactor', 'minEarlyStoppingRate'],
};

/**
 * The pruner of a spec, or null for none.
 * @throws ConfigError at `pruner...` for an unknown pruner or option.
 * @example createPruner('median')?.name; //=> 'median'
 */
export function createPruner(spec: PrunerSpec | undefined, path = 'pruner'): Pruner | null {
  if (spec === undefined || spec === 'none') return null;
  if (isPlainObject(spec) && typeof spec.prune === 'function') return spec as Pruner;
  const options: Record<string, unknown> =
    typeof spec === 'string' ? { type: spec } : isPlainObject(spec) ? spec : {};
  const type = options.type;
  if (typeof type !== 'string' || !(type in KEYS)) {
    throw new ConfigError(
      typeof spec === 'string' ? path : `${path}.type`,
      `unknown pruner ${describeJson(type ?? spec)} (expected ${Object.keys(KEYS)
        .map((k) => `"${k}"`)
        .join(', ')})`,
    );
  }
  const extra = Object.keys(options).find((k) => k !== 'type' && !KEYS[type]!.includes(k));
  if (extra !== undefined) {
    throw new ConfigError(
      `${path}.${extra}`,
      `unknown option "${extra}" for ${type} (expected ${KEYS[type]!.join(', ')})`,
    );
  }
  const o = options as Record<string, never>;
  if (type === 'none') return null;
  return type === 'median' ? medianPruner(o) : successiveHalvingPruner(o);
}
