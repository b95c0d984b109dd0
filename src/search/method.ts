// Search methods by name or JSON form ("tpe", {"type": "grid", "points": 3},
// {"type": "coarseToFine", "stages": [...]}) -> Sampler objects. A Sampler passes through.
import { ConfigError } from '../errors.js';
import { describeJson, isPlainObject } from './json.js';
import { coarseToFineSampler, type CoarseToFineOptions } from './samplers/coarse-to-fine.js';
import { gridSampler, type GridOptions } from './samplers/grid.js';
import { randomSampler } from './samplers/random.js';
import type { Sampler, Stage } from './samplers/sampler.js';
import { tpeSampler, type TpeOptions } from './samplers/tpe.js';

/** A search method: a name, an options object with a `type`, or a Sampler. */
export type MethodSpec =
  | 'random'
  | 'grid'
  | 'tpe'
  | { readonly type: 'random' }
  | ({ readonly type: 'grid' } & Omit<GridOptions, 'seed'>)
  | ({ readonly type: 'tpe' } & Omit<TpeOptions, 'gamma'> & {
        readonly gamma?: number | ((n: number) => number);
      })
  | ({ readonly type: 'coarseToFine' } & CoarseToFineOptions)
  | Sampler;

const KEYS: Record<string, readonly string[]> = {
  random: [],
  grid: ['points', 'shuffle'],
  tpe: ['nStartup', 'nCandidates', 'gamma', 'weights', 'priorWeight', 'multivariate'],
  coarseToFine: ['stages', 'top', 'margin'],
};

function isSampler(spec: unknown): spec is Sampler {
  return isPlainObject(spec) && typeof spec.sample === 'function';
}

/** A gamma given as a number is the fraction of observations counted good: ceil(gamma * n). */
function gammaOf(
  g: number | ((n: number) => number) | undefined,
  path: string,
): ((n: number) => number) | undefined {
  if (g === undefined || typeof g === 'function') return g;
  if (!(typeof g === 'number' && g > 0 && g < 1))
    throw new ConfigError(path, `expected 0 < gamma < 1, got ${describeJson(g)}`);
  return (n) => Math.ceil(g * n);
}

function stagesOf(raw: unknown, path: string): Stage[] {
  if (!Array.isArray(raw))
    throw new ConfigError(
      path,
      `expected an array of {"trials", "epochs"} stages, got ${describeJson(raw)}`,
    );
  return raw.map((s: unknown, i) => {
    if (!isPlainObject(s))
      throw new ConfigError(
        `${path}.${i}`,
        `expected {"trials": n, "epochs": m}, got ${describeJson(s)}`,
      );
    const extra = Object.keys(s).find((k) => k !== 'trials' && k !== 'epochs');
    if (extra !== undefined)
      throw new ConfigError(
        `${path}.${i}.${extra}`,
        `unknown field "${extra}" (expected "trials", "epochs")`,
      );
    return s as unknown as Stage;
  });
}

/**
 * The sampler of a method spec; `seed` orders the grid.
 * @throws ConfigError at `method...` for an unknown method, an unknown option or a value out of range.
 * @example createSampler('tpe').name; //=> 'tpe'
 * @example createSampler({ type: 'grid', points: 3 }).name; //=> 'grid'
 */
export function createSampler(spec: MethodSpec | undefined, seed = 0, path = 'method'): Sampler {
  if (spec === undefined) return tpeSampler();
  if (isSampler(spec)) return spec;
  const options: Record<string, unknown> =
    typeof spec === 'string' ? { type: spec } : isPlainObject(spec) ? spec : {};
  const type = options.type;
  if (typeof type !== 'string' || !(type in KEYS)) {
    throw new ConfigError(
      typeof spec === 'string' ? path : `${path}.type`,
      `unknown method ${describeJson(type ?? spec)} (expected ${Object.keys(KEYS)
        .map((k) => `"${k}"`)
        .join(', ')})`,
    );
  }
  const extra = Object.keys(options).find((k) => k !== 'type' && !KEYS[type]!.includes(k));
  if (extra !== undefined) {
    throw new ConfigError(
      `${path}.${extra}`,
      `unknown option "${extra}" for ${type} (expected ${KEYS[type]!.join(', ') || 'none'})`,
    );
  }
  const o = options as Record<string, never>;
  switch (type) {
    case 'random':
      return randomSampler();
    case 'grid':
      return gridSampler({ ...o, seed });
    case 'tpe': {
      const gamma = gammaOf(o.gamma, `${path}.gamma`);
      const multivariate: unknown = o.multivariate;
      if (multivariate !== undefined && typeof multivariate !== 'boolean')
        throw new ConfigError(
          `${path}.multivariate`,
          `expected true or false, got ${describeJson(multivariate)}`,
        );
      return tpeSampler({ ...o, ...(gamma === undefined ? {} : { gamma }) });
    }
    default:
      if (o.stages === undefined)
        throw new ConfigError(
          `${path}.stages`,
          'coarseToFine needs stages: [{"trials": n, "epochs": m}, ...]',
        );
      return coarseToFineSampler({ ...o, stages: stagesOf(o.stages, `${path}.stages`) });
  }
}
