// Initialization: empirical statistics of a large layer against each scheme's formula.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { initWeights, type InitName } from '../../src/nn/init.js';
import { Linear } from '../../src/nn/layers/linear.js';
import { Maxout } from '../../src/nn/layers/maxout.js';
import { Rng } from '../../src/tensor/rng.js';

function stats(values: ArrayLike<number>): { mean: number; std: number; maxAbs: number } {
  let mean = 0;
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) {
    mean += values[i]! / values.length;
    maxAbs = Math.max(maxAbs, Math.abs(values[i]!));
  }
  let v = 0;
  for (let i = 0; i < values.length; i++) v += (values[i]! - mean) ** 2 / values.length;
  return { mean, std: Math.sqrt(v), maxAbs };
}

const fanIn = 400;
const fanOut = 250; // 100,000 weights: the sample std is within ~0.3% of the true one

// The formulas written out here, independently of src/nn/init.ts.
const EXPECTED_STD: [InitName, number][] = [
  ['small', 0.01],
  ['lecun', 1 / Math.sqrt(fanIn)],
  ['xavier', Math.sqrt(2 / (fanIn + fanOut))],
  ['he', Math.sqrt(2 / fanIn)],
  // U(-a, a) has std a / sqrt(3), with a = sqrt(6 / (fan_in + fan_out))
  ['glorotUniform', Math.sqrt(6 / (fanIn + fanOut)) / Math.sqrt(3)],
];

describe('initialization', () => {
  it.each(EXPECTED_STD)(
    '%s weights have the formula std within 2%% and zero biases',
    (init, std) => {
      const layer = new Linear(fanIn, fanOut, { init, rng: new Rng(1), dtype: 'float64' });
      const s = stats(layer.weight.data);
      expect(Math.abs(s.std / std - 1)).toBeLessThan(0.02);
      expect(Math.abs(s.mean)).toBeLessThan(0.02 * std);
      expect(Array.from(layer.bias!.data).every((b) => b === 0)).toBe(true);
    },
  );

  it('glorotUniform stays inside its bounds; zeros is all zero', () => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    expect(
      stats(
        initWeights('glorotUniform', fanIn, fanOut, 10000, { rng: new Rng(2), dtype: 'float64' }),
      ).maxAbs,
    ).toBeLessThanOrEqual(limit);
    expect(Array.from(new Linear(3, 4, { init: 'zeros' }).weight.data).every((w) => w === 0)).toBe(
      true,
    );
  });

  it('defaults to he, and maxout uses the fan-in of its input for every piece', () => {
    expect(
      Math.abs(
        stats(new Linear(fanIn, fanOut, { rng: new Rng(3) }).weight.data).std /
          Math.sqrt(2 / fanIn) -
          1,
      ),
    ).toBeLessThan(0.02);
    const m = new Maxout(fanIn, 125, 2, { rng: new Rng(3), init: 'lecun' });
    expect(Math.abs(stats(m.weight.data).std * Math.sqrt(fanIn) - 1)).toBeLessThan(0.02);
  });

  it('draws every weight from the seed: same seed, same weights; another seed, others', () => {
    const a = new Linear(5, 5, { rng: new Rng(7) }).weight.data;
    expect(Array.from(new Linear(5, 5, { rng: new Rng(7) }).weight.data)).toEqual(Array.from(a));
    expect(Array.from(new Linear(5, 5, { rng: new Rng(8) }).weight.data)).not.toEqual(
      Array.from(a),
    );
  });

  it('rejects an unknown scheme with a suggestion', () => {
    expect(() => new Linear(2, 2, { init: 'xavir' as InitName })).toThrow(ConfigError);
    expect(() => new Linear(2, 2, { init: 'xavir' as InitName })).toThrow("did you mean 'xavier'");
  });
});
