// The playground's generated 2-D sets: with no noise every point obeys its set's defining rule,
// written here from the definitions (radius bands, quadrant signs, blob centres, the surface).
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../src/config/load-config.js';
import { buildExperiment } from '../../src/config/build.js';
import { expandFeatures } from '../../src/data/feature-expansion.js';
import { pointsDataset } from '../../src/data/points.js';
import { blobs } from '../../src/data/synthetic/blobs.js';
import { circles } from '../../src/data/synthetic/circles.js';
import { moons } from '../../src/data/synthetic/moons.js';
import { regressionSurface } from '../../src/data/synthetic/regression.js';
import { xor } from '../../src/data/synthetic/xor.js';
import { ConfigError } from '../../src/errors.js';
import { Rng } from '../../src/tensor/rng.js';

const rows = (x: Float32Array, n: number) => Array.from({ length: n }, (_, i) => [x[2 * i]!, x[2 * i + 1]!] as const);
const count = (y: Float32Array, k: number) => Array.from(y).filter((v) => v === k).length;

describe('generated 2-D sets', () => {
  it('circles: a disk of radius < 0.5 and a ring 0.7 .. 1, half each', () => {
    const ds = circles({ points: 200, noise: 0 }, new Rng(1));
    rows(ds.x, ds.n).forEach(([a, b], i) => {
      const r = Math.hypot(a, b);
      if (ds.y[i] === 0) expect(r).toBeLessThan(0.5 + 1e-6);
      else expect(r >= 0.7 - 1e-6 && r < 1 + 1e-6).toBe(true);
    });
    expect([count(ds.y, 0), count(ds.y, 1)]).toEqual([100, 100]);
  });

  it('xor: label 0 exactly where x·y > 0', () => {
    const ds = xor({ points: 300, noise: 0 }, new Rng(2));
    rows(ds.x, ds.n).forEach(([a, b], i) => expect(ds.y[i]).toBe(a * b > 0 ? 0 : 1));
  });

  it('blobs: with no noise each point sits on its centre 0.6 (cos 2πj/K, sin 2πj/K)', () => {
    const ds = blobs({ points: 8, classes: 4, noise: 0 }, new Rng(3));
    rows(ds.x, ds.n).forEach(([a, b], i) => {
      const t = (2 * Math.PI * ds.y[i]!) / 4;
      expect(a).toBeCloseTo(0.6 * Math.cos(t), 6);
      expect(b).toBeCloseTo(0.6 * Math.sin(t), 6);
    });
    expect([0, 1, 2, 3].map((k) => count(ds.y, k))).toEqual([2, 2, 2, 2]);
  });

  it('moons: each point on its half-circle of radius 0.8 (centres (-0.4, -0.2) and (0.4, 0.2))', () => {
    const ds = moons({ points: 100, noise: 0 }, new Rng(4));
    rows(ds.x, ds.n).forEach(([a, b], i) => {
      // 0.8 * ((cos t, sin t) - (0.5, 0.25)) and 0.8 * ((1 - cos t, 0.5 - sin t) - (0.5, 0.25)).
      const [cx, cy] = ds.y[i] === 0 ? [-0.4, -0.2] : [0.4, 0.2];
      expect(Math.hypot(a - cx, b - cy)).toBeCloseTo(0.8, 5);
    });
  });

  it('regression: the target is sin(πx)·cos(πy/2) with no noise', () => {
    const ds = regressionSurface({ points: 50, noise: 0 }, new Rng(5));
    expect(ds.classes).toBeUndefined();
    rows(ds.x, ds.n).forEach(([a, b], i) => expect(ds.y[i]).toBeCloseTo(Math.sin(Math.PI * a) * Math.cos((Math.PI * b) / 2), 5));
  });

  it('refuses bad options naming them', () => {
    expect(() => circles({ points: 0 }, new Rng(1))).toThrow(/points: circles: expected an integer >= 1, got 0/);
    expect(() => blobs({ classes: 1 }, new Rng(1))).toThrow(ConfigError);
    expect(() => xor({ noise: -1 }, new Rng(1))).toThrow(/noise: xor/);
  });
});

describe('feature expansions', () => {
  it('appends x², y², x·y, sin x, sin y after the coordinates', () => {
    const ds = expandFeatures(pointsDataset([[2, 0.5, 1]], 'p'), ['sin', 'x2', 'xy']);
    expect(ds.d).toBe(7);
    const want = [2, 0.5, 4, 0.25, 1, Math.sin(2), Math.sin(0.5)];
    Array.from(ds.x).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
  });

  it('feeds the expanded columns to the model from a config', () => {
    const exp = buildExperiment(parseTrainConfig({
      data: { source: { type: 'circles', points: 20, features: ['x2'] } }, model: [{ type: 'linear', units: 2 }],
      loss: 'softmaxCrossEntropy', optimizer: 'sgd', epochs: 1,
    }, 'c.json'));
    expect(exp.inputSize).toBe(4);
  });
});

describe('inline points', () => {
  it('reads rows of features and a target', () => {
    const ds = pointsDataset([[0.5, -1, 1], [2, 3, 0]], 'data.source.points');
    expect([ds.n, ds.d, Array.from(ds.x), Array.from(ds.y)]).toEqual([2, 2, [0.5, -1, 2, 3], [1, 0]]);
  });

  it('names the row that differs in length', () => {
    expect(() => pointsDataset([[0, 0, 1], [1, 1]], 'data.source.points')).toThrow(/data\.source\.points\.1: expected 3 numbers like row 0, got 2/);
  });
});

describe('config sources', () => {
  const config = (source: unknown, units: number) => ({
    data: { source }, model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units }],
    loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1,
  });

  it('builds every generated set from its config', () => {
    for (const [source, n, classes] of [[{ type: 'circles', points: 40 }, 40, 2], ['xor', 300, 2], [{ type: 'blobs', classes: 5 }, 300, 5], ['moons', 300, 2]] as const) {
      const exp = buildExperiment(parseTrainConfig(config(source, classes), 'c.json'));
      expect([exp.train.ds.n, exp.classes]).toEqual([n, classes]);
    }
  });

  it('counts the classes of inline points from their labels', () => {
    const exp = buildExperiment(parseTrainConfig(config({ type: 'points', points: [[0, 0, 0], [1, 1, 2], [0, 1, 1]] }, 3), 'c.json'));
    expect(exp.classes).toBe(3);
  });

  it('reports a misspelt option as descent train does', () => {
    expect(() => parseTrainConfig(config({ type: 'moons', pointz: 3 }, 2), 'c.json')).toThrow(/c\.json: data\.source\.pointz: unknown field 'pointz' \(did you mean 'points'\?\)/);
  });
});
