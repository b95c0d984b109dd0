import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import type { Dataset } from '../../src/data/dataset.js';
import { randomSplit, stratifiedSplit } from '../../src/data/split.js';
import { Rng } from '../../src/tensor/rng.js';

/** counts[c] rows of class c, in class order; feature = row number, so rows can be traced. */
function classes(counts: number[]): Dataset {
  const labels = counts.flatMap((k, c) => new Array<number>(k).fill(c));
  const n = labels.length;
  return {
    x: Float32Array.from({ length: n }, (_, i) => i),
    n,
    d: 1,
    y: Float32Array.from(labels),
    yDim: 1,
    classes: counts.length,
    source: 'test',
  };
}

function count(ds: Dataset, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (const c of ds.y) out[c]! += 1;
  return out;
}

describe('stratifiedSplit', () => {
  it('keeps each class proportion: 20% of 100/50/10 rows is 20/10/2', () => {
    const { train, validation } = stratifiedSplit(classes([100, 50, 10]), 0.2, new Rng(1));
    expect(count(validation, 3)).toEqual([20, 10, 2]);
    expect(count(train, 3)).toEqual([80, 40, 8]);
  });

  it('rounds per-class quotas by largest remainder to a total of round(n * fraction)', () => {
    // 0.25 of [3, 3, 2] = [0.75, 0.75, 0.5]: total round(2) = 2, given to the two largest remainders.
    const { validation } = stratifiedSplit(classes([3, 3, 2]), 0.25, new Rng(2));
    expect(count(validation, 3)).toEqual([1, 1, 0]);
  });

  it('parts are disjoint, cover every row, keep their rows intact and sorted', () => {
    const ds = classes([30, 20]);
    const s = stratifiedSplit(ds, 0.3, new Rng(3));
    const all = [...s.trainIndices, ...s.validationIndices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...s.validation.x]).toEqual([...s.validationIndices]); // feature = original row number
    expect([...s.trainIndices]).toEqual([...s.trainIndices].sort((a, b) => a - b));
    expect(s.train.classes).toBe(2);
  });

  it('same seed, same split; another seed, another split', () => {
    const ds = classes([40, 40]);
    const a = stratifiedSplit(ds, 0.5, new Rng(9)).validationIndices;
    expect(stratifiedSplit(ds, 0.5, new Rng(9)).validationIndices).toEqual(a);
    expect(stratifiedSplit(ds, 0.5, new Rng(10)).validationIndices).not.toEqual(a);
  });

  it('rejects bad fractions at the given config path, and non-class targets', () => {
    const ds = classes([5, 5]);
    expect(() => stratifiedSplit(ds, 1, new Rng(0), { path: 'data.validation' })).toThrowError(
      expect.objectContaining({ path: 'data.validation' }),
    );
    expect(() => stratifiedSplit(ds, 0.01, new Rng(0))).toThrow(ConfigError);
    expect(() => stratifiedSplit(ds, 0.01, new Rng(0))).toThrow(/leaves the validation set empty/);
    const regression = { ...ds, y: new Float32Array(10).fill(0.5) };
    expect(() => stratifiedSplit(regression, 0.5, new Rng(0))).toThrow(DataError);
  });
});

describe('randomSplit', () => {
  it('puts round(n * fraction) rows in validation, chosen by the seed', () => {
    const ds = { ...classes([100]), y: Float32Array.from({ length: 100 }, (_, i) => i / 7) };
    const s = randomSplit(ds, 0.25, new Rng(4));
    expect([s.train.n, s.validation.n]).toEqual([75, 25]);
    expect([...s.validation.y]).toEqual([...s.validationIndices].map((i) => Math.fround(i / 7)));
    expect(randomSplit(ds, 0.25, new Rng(4)).validationIndices).toEqual(s.validationIndices);
  });
});
