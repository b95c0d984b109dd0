// The search engine's space parser on random input: a SearchSpace whose every entry is a known
// distribution, or a ConfigError under `space`; never a crash or a half-parsed space.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseSpace } from '../../src/search/parse-space.js';
import { FUZZ_TIMEOUT, fuzzParams } from './runs.js';

const TYPES = ['uniform', 'logUniform', 'int', 'choice', 'fixed'];

function checkVerdict(input: unknown): void {
  try {
    const space = parseSpace(input);
    for (const d of Object.values(space)) expect(TYPES).toContain(d.type);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.path.startsWith('space')).toBe(true);
  }
}

const number = fc.oneof(fc.double(), fc.integer({ min: -5, max: 300 }), fc.constantFrom(0, 1e-4, 1, Number.NaN, Infinity));
const distribution = fc.oneof(
  fc.record({ uniform: fc.array(number, { maxLength: 3 }) }),
  fc.record({ logUniform: fc.array(number, { maxLength: 3 }) }),
  fc.record({ int: fc.array(number, { maxLength: 3 }), log: fc.oneof(fc.boolean(), fc.jsonValue()) }, { requiredKeys: ['int'] }),
  fc.record({ choice: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }), fc.jsonValue()) }),
  fc.record({ fixed: fc.jsonValue({ maxDepth: 2 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('search space parser on random input', () => {
  it('any JSON value is a space or a ConfigError', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => checkVerdict(v)), fuzzParams());
  }, FUZZ_TIMEOUT);

  it('objects of distribution-like entries (bad bounds, NaN, wrong arities, extra fields)', () => {
    const arb = fc.dictionary(fc.constantFrom('optimizer.lr', 'model.0.units', 'batchSize', '', 'a..b', 'x'), distribution);
    fc.assert(fc.property(arb, (v) => checkVerdict(v)), fuzzParams(2));
  }, FUZZ_TIMEOUT);
});
