import { describe, expect, it } from 'vitest';
import { DataError, IndexError, ShapeError } from '../../src/errors.js';
import { classLabels } from '../../src/data/class-labels.js';
import type { Dataset } from '../../src/data/dataset.js';
import { subset } from '../../src/data/subset.js';
import { takeRows } from '../../src/data/take-rows.js';

// 3 rows of 2 features, 2 targets per row.
const ds: Dataset = {
  x: new Float32Array([0, 1, 10, 11, 20, 21]),
  n: 3,
  d: 2,
  y: new Float32Array([0.5, -1, 1.5, -2, 2.5, -3]),
  yDim: 2,
  source: 'table.csv',
  imageShape: [1, 2],
};

describe('takeRows', () => {
  it('gathers rows in the order given', () => {
    const { x, y, rows } = takeRows(ds, new Int32Array([2, 0, 2]));
    expect(rows).toBe(3);
    expect([...x]).toEqual([20, 21, 0, 1, 20, 21]);
    expect([...y]).toEqual([2.5, -3, 0.5, -1, 2.5, -3]);
  });

  it('reuses the buffers it is given (no allocation in a training loop)', () => {
    const out = { x: new Float32Array(8), y: new Float32Array(8) };
    const r = takeRows(ds, new Int32Array([1]), out);
    expect(r.x.buffer).toBe(out.x.buffer);
    expect([...r.x]).toEqual([10, 11]);
    expect(() => takeRows(ds, new Int32Array([0, 1, 2, 0, 1]), out)).toThrow(ShapeError);
  });

  it('rejects indices outside [0, n)', () => {
    expect(() => takeRows(ds, new Int32Array([3]))).toThrow(IndexError);
    expect(() => takeRows(ds, new Int32Array([-1]))).toThrow(/index -1 at position 0/);
  });
});

describe('subset', () => {
  it('copies the rows and keeps the metadata', () => {
    const s = subset(ds, new Int32Array([1]));
    expect([s.n, s.d, s.yDim, s.source, s.imageShape]).toEqual([1, 2, 2, 'table.csv', [1, 2]]);
    expect([...s.x]).toEqual([10, 11]);
    s.x[0] = 99;
    expect(ds.x[2]).toBe(10);
  });
});

describe('classLabels', () => {
  const labels = (y: number[], classes?: number): Dataset => ({
    x: new Float32Array(y.length),
    n: y.length,
    d: 1,
    y: Float32Array.from(y),
    yDim: 1,
    source: 'labels.csv',
    ...(classes === undefined ? {} : { classes }),
  });

  it('returns whole-number targets as an Int32Array', () => {
    expect(classLabels(labels([2, 0, 1]), 3)).toEqual(new Int32Array([2, 0, 1]));
    expect(classLabels(labels([4, 0]))).toEqual(new Int32Array([4, 0])); // no class count known
  });

  it('names the source and row of a bad target', () => {
    expect(() => classLabels(labels([0, 1, 3], 3), undefined, 'validation set')).toThrow(
      /labels\.csv, row 3: validation set: target 3 is not a class index \(expected a whole number in \[0, 3\)\)/,
    );
    expect(() => classLabels(labels([0, 0.5]), 2)).toThrow(/row 2/);
    expect(() => classLabels(labels([-1]))).toThrow(DataError);
    expect(() => classLabels(ds)).toThrow(/2 columns per row/);
  });
});
