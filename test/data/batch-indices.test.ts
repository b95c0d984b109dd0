import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { batchIndices, defaultBatchSize } from '../../src/data/batch-indices.js';
import { Rng } from '../../src/tensor/rng.js';

describe('batchIndices', () => {
  it('without an rng: rows in order, the last batch short', () => {
    expect(batchIndices(5, 2).map((b) => [...b])).toEqual([[0, 1], [2, 3], [4]]);
    expect(batchIndices(3, 10).map((b) => [...b])).toEqual([[0, 1, 2]]);
    expect(batchIndices(0, 4)).toEqual([]);
  });

  it('with an rng: one permutation of 0..n-1 in ceil(n / b) batches of b (last short)', () => {
    const batches = batchIndices(1000, 128, new Rng(5));
    expect(batches.map((b) => b.length)).toEqual([128, 128, 128, 128, 128, 128, 128, 104]);
    const seen = batches.flatMap((b) => [...b]).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...batches[0]!.subarray(0, 10)]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('same seed, same batches; the next epoch from the same rng differs', () => {
    const flat = (bs: Int32Array[]) => bs.flatMap((b) => [...b]);
    const rng = new Rng(11);
    const epoch1 = flat(batchIndices(50, 7, rng));
    const epoch2 = flat(batchIndices(50, 7, rng));
    expect(flat(batchIndices(50, 7, new Rng(11)))).toEqual(epoch1);
    expect(epoch2).not.toEqual(epoch1);
  });

  it('rejects a batch size that is not a positive integer', () => {
    for (const bad of [0, -1, 2.5, NaN]) expect(() => batchIndices(10, bad)).toThrow(ConfigError);
    expect(() => batchIndices(10, 0)).toThrowError(expect.objectContaining({ path: 'batchSize' }));
  });

  it('defaultBatchSize is 128, capped at the number of rows', () => {
    expect([defaultBatchSize(1000), defaultBatchSize(50), defaultBatchSize(50, 16)]).toEqual([
      128, 50, 16,
    ]);
  });
});
