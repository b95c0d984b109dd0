import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { spiral } from '../../src/data/spiral.js';
import { Rng } from '../../src/tensor/rng.js';

describe('spiral', () => {
  it('has the case study defaults: 3 classes x 100 points in 2-D, grouped by class', () => {
    const ds = spiral({}, new Rng(0));
    expect([ds.n, ds.d, ds.yDim, ds.classes, ds.x.length, ds.source]).toEqual([300, 2, 1, 3, 600, 'spiral']);
    expect(Array.from(ds.y.subarray(0, 100)).every((v) => v === 0)).toBe(true);
    expect(Array.from(ds.y.subarray(200)).every((v) => v === 2)).toBe(true);
  });

  it('puts point i of arm j at radius i/(N-1) and, without noise, angle 4j + 4i/(N-1)', () => {
    const n = 5;
    const ds = spiral({ classes: 2, pointsPerClass: n, noise: 0 }, new Rng(0));
    for (let j = 0; j < 2; j++) {
      for (let i = 0; i < n; i++) {
        const row = j * n + i;
        const r = i / (n - 1);
        const t = 4 * j + (4 * i) / (n - 1);
        expect(ds.x[2 * row]).toBeCloseTo(r * Math.sin(t), 6);
        expect(ds.x[2 * row + 1]).toBeCloseTo(r * Math.cos(t), 6);
      }
    }
  });

  it('keeps radii exact with noise (noise only turns the angle) and is reproducible from the seed', () => {
    const a = spiral({ pointsPerClass: 11, noise: 0.5 }, new Rng(3));
    for (let row = 0; row < a.n; row++) {
      expect(Math.hypot(a.x[2 * row]!, a.x[2 * row + 1]!)).toBeCloseTo((row % 11) / 10, 6);
    }
    expect(Array.from(spiral({ pointsPerClass: 11, noise: 0.5 }, new Rng(3)).x)).toEqual(Array.from(a.x));
    expect(Array.from(spiral({ pointsPerClass: 11, noise: 0.5 }, new Rng(4)).x)).not.toEqual(Array.from(a.x));
  });

  it('validates its options', () => {
    expect(() => spiral({ classes: 1 }, new Rng(0))).toThrow(ConfigError);
    expect(() => spiral({ pointsPerClass: 2.5 }, new Rng(0))).toThrow(/pointsPerClass.*2.5/);
    expect(() => spiral({ noise: -1 }, new Rng(0))).toThrow(/noise/);
    expect(spiral({ pointsPerClass: 1 }, new Rng(0)).n).toBe(3);
  });
});
