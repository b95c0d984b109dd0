// Inverted dropout: expectation preserved in training, identity in eval, masks reproducible from the
// saved generator state.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { Dropout, dropout } from '../../src/nn/layers/dropout.js';
import { Linear } from '../../src/nn/layers/linear.js';
import { Sequential } from '../../src/nn/layers/sequential.js';
import { full, randn } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';

describe('dropout', () => {
  it('keeps the expected activation: mean over many draws within tolerance, kept values scaled by 1/(1-rate)', () => {
    const rate = 0.3;
    const layer = new Dropout(rate, { rng: new Rng(1) });
    const x = full([200, 50], 2, { dtype: 'float64' }); // 10,000 values per draw
    let total = 0;
    let zeros = 0;
    let badScale = 0;
    const draws = 10;
    for (let d = 0; d < draws; d++) {
      const y = layer.forward(x).data;
      for (const v of y) {
        total += v;
        if (v === 0) zeros++;
        else if (Math.abs(v - 2 / (1 - rate)) > 1e-12) badScale++;
      }
    }
    expect(badScale).toBe(0);
    const n = draws * x.size;
    // E[y] = 2; the std of the mean is 2 * sqrt(rate / (1 - rate)) / sqrt(n) ~ 0.0065, so 0.03 is > 4 sigma.
    expect(Math.abs(total / n - 2)).toBeLessThan(0.03);
    // The dropped fraction is rate; its std is sqrt(rate (1 - rate) / n) ~ 0.0015.
    expect(Math.abs(zeros / n - rate)).toBeLessThan(0.01);
  });

  it('is the identity in eval mode and with rate 0', () => {
    const x = randn([4, 5], { seed: 2 });
    expect(new Dropout(0.5, { rng: new Rng(0) }).eval().forward(x)).toBe(x);
    expect(dropout(0, { rng: new Rng(0) }).forward(x)).toBe(x);
  });

  it('draws different masks on successive calls, and the same ones after loadRngStates', () => {
    const layer = new Dropout(0.5, { rng: new Rng(3) });
    const x = full([10, 10], 1);
    const saved = layer.rngStates();
    const first = Array.from(layer.forward(x).data);
    const second = Array.from(layer.forward(x).data);
    expect(second).not.toEqual(first);
    layer.loadRngStates(saved);
    expect(Array.from(layer.forward(x).data)).toEqual(first);
  });

  it('forks its own generator, so drawing masks leaves the model stream alone', () => {
    const a = new Rng(4);
    const b = new Rng(4);
    const layer = new Dropout(0.5, { rng: a });
    b.fork(); // the one draw construction takes
    layer.forward(full([5, 5], 1));
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('names its generator in rngStates by position in a model', () => {
    const rng = new Rng(5);
    const model = new Sequential([new Linear(2, 3, { rng }), new Dropout(0.5, { rng })]);
    expect(Object.keys(model.rngStates())).toEqual(['layers.1.rng']);
  });

  it('rejects rates outside [0, 1) with the option name', () => {
    expect(() => new Dropout(1)).toThrow(ConfigError);
    expect(() => new Dropout(-0.1)).toThrow(/rate.*\[0, 1\).*-0.1/);
    expect(() => new Dropout(Number.NaN)).toThrow(/rate/);
  });
});
