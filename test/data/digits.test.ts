import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { loadDigits } from '../../src/data/node/digits.js';
import { packageDataPath } from '../../src/data/node/package-data.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('loadDigits', () => {
  const ds = loadDigits();

  it('has 1,797 samples of 64 features, 10 classes, 8x8 images', () => {
    expect([ds.n, ds.d, ds.yDim, ds.classes, ds.imageShape, ds.source]).toEqual([
      1797,
      64,
      1,
      10,
      [8, 8],
      'digits',
    ]);
    expect(ds.x.length).toBe(1797 * 64);
  });

  it('keeps pixel counts as whole numbers in 0..16, using the full range', () => {
    let min = Infinity;
    let max = -Infinity;
    let fractional = 0;
    for (const v of ds.x) {
      if (!Number.isInteger(v)) fractional += 1;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max, fractional]).toEqual([0, 16, 0]);
  });

  it('has the class counts the UCI page publishes for its testing set (optdigits.tes)', () => {
    const counts = new Array<number>(10).fill(0);
    for (const label of ds.y) counts[label]! += 1;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it('first image matches the first row of the UCI / scikit-learn file (a zero)', () => {
    // Row 1 of sklearn's digits.csv.gz: 0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,... label 0.
    expect([...ds.x.subarray(0, 16)]).toEqual([
      0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0,
    ]);
    expect(ds.y[0]).toBe(0);
  });

  it('rejects a replacement file of the wrong shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-digits-'));
    try {
      const bad = Buffer.from([0, 0, 8, 2, 0, 0, 0, 1, 0, 0, 0, 2, 3, 4]);
      const path = join(dir, 'd.idx.gz');
      writeFileSync(path, gzipSync(bad));
      expect(() => loadDigits({ path })).toThrow(
        /d\.idx\.gz, offset 0 \(after decompression\): expected unsigned bytes of shape n x 65/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('packageDataPath', () => {
  it('finds the package data/ folder from src/ and from dist/ alike (never dist/data/)', () => {
    const expected = join(ROOT, 'data', 'digits.idx.gz');
    expect(packageDataPath('digits.idx.gz')).toBe(expected);
    const fromDist = pathToFileURL(join(ROOT, 'dist', 'data', 'package-data.js')).href;
    expect(packageDataPath('digits.idx.gz', fromDist)).toBe(expected);
  });

  it('says what is missing when no package root or file is found', () => {
    expect(() => packageDataPath('nope.bin')).toThrow(DataError);
    expect(() => packageDataPath('nope.bin')).toThrow(/data[\\/]nope\.bin/);
    const outside = pathToFileURL(join(tmpdir(), 'x', 'y.js')).href;
    expect(() => packageDataPath('digits.idx.gz', outside)).toThrow(/no 'descent' package\.json/);
  });
});
