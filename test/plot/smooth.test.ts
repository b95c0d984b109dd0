// The debiased EMA against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { smooth } from '../../src/plot/smooth.js';

describe('smooth', () => {
  it('matches the hand-computed debiased EMA', () => {
    // w = 0.5: s1 = 0.5 -> 0.5/0.5 = 1; s2 = 0.25 + 1 = 1.25 -> 1.25/0.75 = 5/3;
    // s3 = 0.625 + 1.5 = 2.125 -> 2.125/0.875 = 17/7.
    const got = smooth([1, 2, 3], 0.5);
    [1, 5 / 3, 17 / 7].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 14));
  });

  it('w = 0.9 on a constant series stays at the constant (the debiasing at work)', () => {
    for (const v of smooth([4, 4, 4, 4], 0.9)) expect(v).toBeCloseTo(4, 12);
  });

  it('weight 0 returns the values', () => {
    expect(smooth([3, -1, 2], 0)).toEqual([3, -1, 2]);
  });

  it('passes non-finite values through without letting them into the average', () => {
    // After skipping the NaN, the second finite value is the second term: (0.25 + 1.5)/0.75 = 7/3.
    const got = smooth([1, NaN, 3, Infinity], 0.5);
    expect(got[0]).toBe(1);
    expect(got[1]).toBeNaN();
    expect(got[2]).toBeCloseTo(7 / 3, 14);
    expect(got[3]).toBe(Infinity);
  });

  it('rejects weights outside [0, 1)', () => {
    for (const w of [1, -0.1, NaN]) expect(() => smooth([1], w)).toThrow(ConfigError);
    expect(() => smooth([1], 1)).toThrow(/Invalid smoothing weight: 1 \(expected 0 <= weight < 1\)/);
  });
});
