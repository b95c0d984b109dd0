// Downsampling keeps each bucket's first, last, min and max, in order.
import { describe, expect, it } from 'vitest';
import { downsample, type Point } from '../../src/plot/downsample.js';
import { Rng } from '../../src/tensor/rng.js';

describe('downsample', () => {
  it('returns short series unchanged', () => {
    const points = [{ x: 0, y: 1 }, { x: 1, y: 2 }];
    expect(downsample(points, 4)).toEqual(points);
  });

  it('keeps first, last, a one-point spike and a one-point dip of 100k points', () => {
    const rng = new Rng(5);
    const points: Point[] = Array.from({ length: 100_000 }, (_, x) => ({ x, y: rng.uniform() }));
    points[54_321] = { x: 54_321, y: 1000 };
    points[77_777] = { x: 77_777, y: -1000 };
    const out = downsample(points, 400);
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out[0]).toBe(points[0]);
    expect(out[out.length - 1]).toBe(points[99_999]);
    expect(out).toContain(points[54_321]);
    expect(out).toContain(points[77_777]);
    for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
  });

  it('keeps exactly first, min, max, last of each bucket', () => {
    // 12 points, maxPoints 11 -> floor(11/4) = 2 buckets of 6.
    // [5, 1, 9, 3, 2, 8] keeps first 5, min 1, max 9, last 8;
    // [0, 4, 7, 6, 3, 2] keeps first 0 (also its min), max 7, last 2.
    const points = [5, 1, 9, 3, 2, 8, 0, 4, 7, 6, 3, 2].map((y, x) => ({ x, y }));
    expect(downsample(points, 11).map((p) => p.y)).toEqual([5, 1, 9, 8, 0, 7, 2]);
    // One bucket of 9 (maxPoints 4): first 5, max 9 (x=2), min 0 (x=6), last 7.
    const nine = [5, 1, 9, 3, 2, 8, 0, 4, 7].map((y, x) => ({ x, y }));
    expect(downsample(nine, 4).map((p) => p.y)).toEqual([5, 9, 0, 7]);
  });
});
