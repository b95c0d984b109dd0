// Random search: every dimension drawn independently, uniform in its internal coordinate (so
// log-uniform for log dimensions). Bergstra & Bengio (2012) show it beats grid search when only a
// few dimensions matter.
import type { Rng } from '../../tensor/rng.js';
import type { JsonValue } from '../json.js';
import {
  fromInternal,
  internalRange,
  type Distribution,
  type Params,
  type SearchSpace,
} from '../space.js';
import type { SampleContext, Sample, Sampler } from './sampler.js';

/**
 * One random draw from a distribution.
 * @example sampleDistribution(logUniform(1e-4, 1), new Rng(0)); //=> e.g. 0.0031, log-uniform in [1e-4, 1]
 */
export function sampleDistribution(d: Distribution, rng: Rng): JsonValue {
  switch (d.type) {
    case 'fixed':
      return d.value;
    case 'choice':
      return d.choices[rng.int(d.choices.length)]!;
    default: {
      if (d.type === 'int' && !d.log) return d.low + rng.int(d.high - d.low + 1);
      // A log int is a rounded draw over its widened log range (see internalRange).
      const [lo, hi] = internalRange(d);
      return fromInternal(d, rng.uniformIn(lo, hi));
    }
  }
}

/**
 * A random draw of every dimension of a space.
 * @example sampleSpace({ x: uniform(0, 1), seed: fixed(3) }, new Rng(1)); //=> { x: 0.41..., seed: 3 }
 */
export function sampleSpace(space: SearchSpace, rng: Rng): Params {
  const params: Params = {};
  for (const [key, d] of Object.entries(space)) params[key] = sampleDistribution(d, rng);
  return params;
}

/**
 * The random-search sampler.
 * @example search({ space, objective, method: randomSampler(), trials: 20 });
 */
export function randomSampler(): Sampler {
  return {
    name: 'random',
    sample: (ctx: SampleContext): Sample => ({ params: sampleSpace(ctx.space, ctx.rng) }),
  };
}
