// The JSON method form accepts TPE's `multivariate` switch (docs/search.md lists it), rejects a
// non-boolean, and the switch reaches the sampler: the JSON form proposes what the TypeScript
// factory with the same option proposes.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createSampler } from '../../src/search/method.js';
import { search } from '../../src/search/node/search.js';
import { tpeSampler } from '../../src/search/samplers/tpe.js';
import { uniform, type Params } from '../../src/search/space.js';
import type { Sampler } from '../../src/search/samplers/sampler.js';

const space = { x: uniform(-5, 5), y: uniform(-5, 5) };

/** The params of 16 TPE trials (6 random, then modelled) on a bowl, with the study seeded. */
async function proposals(method: Sampler): Promise<Params[]> {
  const result = await search({
    space,
    method,
    trials: 16,
    seed: 4,
    objective: (p) => ((p.x as number) - 1) ** 2 + ((p.y as number) + 2) ** 2,
  });
  return result.trials.map((t) => t.params);
}

describe('method {"type": "tpe", "multivariate": ...}', () => {
  it('is accepted in JSON form and reaches the sampler', async () => {
    const jsonFalse = await proposals(createSampler({ type: 'tpe', nStartup: 6, multivariate: false }));
    const tsFalse = await proposals(tpeSampler({ nStartup: 6, multivariate: false }));
    const jsonTrue = await proposals(createSampler({ type: 'tpe', nStartup: 6, multivariate: true }));
    const tsTrue = await proposals(tpeSampler({ nStartup: 6 }));
    expect(jsonFalse).toEqual(tsFalse);
    expect(jsonTrue).toEqual(tsTrue);
    // The two models propose different trials once modelling starts (trial 6 on).
    expect(jsonFalse.slice(0, 6)).toEqual(jsonTrue.slice(0, 6));
    expect(jsonFalse.slice(6)).not.toEqual(jsonTrue.slice(6));
  });

  it('rejects a value that is not a boolean, naming the field', () => {
    let caught: unknown;
    try {
      createSampler({ type: 'tpe', multivariate: 'yes' } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe('method.multivariate');
    expect((caught as ConfigError).message).toMatch(/expected true or false, got "yes"/);
  });
});
