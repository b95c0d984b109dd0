// The model-file loader on damaged files: a random byte flip, insertion or truncation is refused
// with a DataError (or ConfigError for a readable record of an impossible model), or, when the
// change is immaterial (whitespace), loads a model bitwise equal to the saved one; never garbage.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DescentError } from '../../src/errors.js';
import { buildModel } from '../../src/nn/from-config.js';
import { deserializeModel, serializeModel } from '../../src/nn/serialize.js';
import { Rng } from '../../src/tensor/rng.js';
import { FUZZ_TIMEOUT, fuzzParams } from './runs.js';

const config = [{ type: 'linear', units: 3 }, 'relu', { type: 'dropout', rate: 0.25 }, { type: 'linear', units: 2 }];
const original = buildModel(config as never, { inputSize: 2, rng: new Rng(7), dtype: 'float32', outputSize: 2 });
const text = serializeModel({ config, inputSize: 2, state: original.stateDict(), extras: { classes: 2, loss: 'softmaxCrossEntropy' } });
const bytes = new TextEncoder().encode(text);
const reference = Object.entries(original.stateDict()).map(([name, t]) => [name, [...t.shape], [...t.data]]);

function checkText(damaged: string): void {
  try {
    const loaded = deserializeModel(damaged, { file: 'model.json' });
    // Only an immaterial change may load, and then it must be the very same model.
    expect(Object.entries(loaded.model.stateDict()).map(([name, t]) => [name, [...t.shape], [...t.data]])).toEqual(reference);
    expect(loaded.inputSize).toBe(2);
    expect(loaded.extras).toEqual({ classes: 2, loss: 'softmaxCrossEntropy' });
  } catch (error) {
    if (!(error instanceof DescentError) || !error.isUserError) throw error;
  }
}

describe('model-file loader on damaged files', () => {
  it('random byte flips are rejected or immaterial', () => {
    const arb = fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(arb, (flips) => {
        const b = bytes.slice();
        for (const [i, x] of flips) b[i] = b[i]! ^ x;
        checkText(new TextDecoder().decode(b));
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT);

  it('flips inside the parameter values are always rejected', () => {
    const start = text.indexOf('"data"');
    fc.assert(
      fc.property(fc.integer({ min: start, max: text.lastIndexOf('"checksum"') - 1 }), fc.constantFrom('A', 'B', '/', '+', '0', 'z'), (i, c) => {
        fc.pre(text[i] !== c && /[A-Za-z0-9+/]/.test(text[i]!));
        expect(() => deserializeModel(text.slice(0, i) + c + text.slice(i + 1), { file: 'model.json' })).toThrow(/model\.json/);
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT);

  it('truncations and random insertions are rejected or immaterial', () => {
    fc.assert(fc.property(fc.nat(text.trimEnd().length - 1), (n) => {
      expect(() => deserializeModel(text.slice(0, n), { file: 'model.json' })).toThrow(/model\.json/);
    }), fuzzParams(0.5));
    fc.assert(fc.property(fc.nat(text.length), fc.string({ minLength: 1, maxLength: 3 }), (i, s) => {
      checkText(text.slice(0, i) + s + text.slice(i));
    }), fuzzParams());
  }, FUZZ_TIMEOUT);
});
