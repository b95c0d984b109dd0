import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { search } from '../../src/search/node/search.js';
import { fitCategoricalParzen, fitNumericParzen } from '../../src/search/samplers/parzen.js';
import { gridPoints, gridValues } from '../../src/search/samplers/grid.js';
import { defaultGamma, defaultWeights } from '../../src/search/samplers/tpe.js';
import {
  choice,
  fixed,
  int,
  logUniform,
  uniform,
  type Params,
  type SearchSpace,
} from '../../src/search/space.js';
import * as F from './fixtures/functions.js';

describe('grid', () => {
  it('enumerates exactly the hand-listed points, first dimension slowest', () => {
    const space: SearchSpace = {
      'optimizer.lr': logUniform(1e-3, 1e-1),
      'model.0.units': choice([16, 32]),
      batchSize: int(10, 30),
      seed: fixed(3),
    };
    const points = gridPoints(space, 3);
    const expected: Params[] = [];
    for (const lr of [1e-3, 1e-2, 1e-1]) {
      for (const units of [16, 32]) {
        for (const bs of [10, 20, 30])
          expected.push({ 'optimizer.lr': lr, 'model.0.units': units, batchSize: bs, seed: 3 });
      }
    }
    expect(points).toHaveLength(18);
    points.forEach((p, i) => {
      const e = expected[i]!;
      expect(p['optimizer.lr'] as number).toBeCloseTo(e['optimizer.lr'] as number, 15);
      expect({ ...p, 'optimizer.lr': 0 }).toEqual({ ...e, 'optimizer.lr': 0 });
    });
    // Log dimensions are log-spaced; a 4-point int range in log space rounds and deduplicates.
    expect(gridValues(logUniform(1, 1000), 4).map((v) => Math.round(v as number))).toEqual([
      1, 10, 100, 1000,
    ]);
    expect(gridValues(int(1, 4, { log: true }), 5)).toEqual([1, 2, 3, 4]);
  });

  it('runs every point once, then stops; more trials than points is rejected before any trial', async () => {
    const space: SearchSpace = { a: choice(['x', 'y', 'z']), b: uniform(0, 1) };
    const seen: string[] = [];
    const result = await search({
      space,
      method: { type: 'grid', points: 2 },
      objective: (p) => (seen.push(`${String(p.a)}${String(p.b)}`), 0),
    });
    expect(result.finished).toBe(6);
    expect([...seen].sort()).toEqual(['x0', 'x1', 'y0', 'y1', 'z0', 'z1']);
    await expect(
      search({ space, method: { type: 'grid', points: 2 }, trials: 7, objective: () => 0 }),
    ).rejects.toThrow(ConfigError);
  });
});

describe('TPE', () => {
  it("has Optuna's knobs", () => {
    expect([1, 10, 11, 40, 300].map(defaultGamma)).toEqual([1, 1, 2, 4, 25]);
    expect(defaultWeights(3)).toEqual([1, 1, 1]);
    const w = defaultWeights(30); // 5 ramp weights from 1/30 to 1, then 25 ones
    expect(w).toHaveLength(30);
    expect(w[0]).toBeCloseTo(1 / 30, 12);
    expect(w[2]).toBeCloseTo(1 / 30 + (1 - 1 / 30) / 2, 12);
    expect(w.slice(4)).toEqual(new Array(26).fill(1));
  });

  it('fits Parzen estimators as written out by hand', () => {
    // Categorical: prior 1 spread over 3 choices, plus one per observation: [1/3 + 2, 1/3 + 1, 1/3] / 4.
    expect(fitCategoricalParzen([0, 1, 0], [1, 1, 1], 3, 1).probs.map((p) => p * 4)).toEqual([
      expect.closeTo(7 / 3, 12),
      expect.closeTo(4 / 3, 12),
      expect.closeTo(1 / 3, 12),
    ]);
    // Numeric on [0, 10], points 2, 3, 7: bandwidths use the inner neighbour at the ends (1, 4), the
    // larger gap inside (4), clipped below at 10 / min(100, 4) = 2.5; the prior is N(5, 10).
    const p = fitNumericParzen([7, 2, 3], [1, 1, 1], 0, 10, 1);
    expect(p.mus).toEqual([2, 3, 7, 5]);
    expect(p.sigmas).toEqual([2.5, 4, 4, 10]);
    expect(p.weights).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  // The median over 10 seeds of (best value - known minimum) after 40 trials, TPE against random
  // search with the same seeds. Measured: Branin 0.29 vs 0.68, 4-D log 0.30 vs 3.0, mixed 0.11 vs
  // 0.80; the test asks for a clear margin on each, below what was measured.
  const cases = [
    {
      name: 'Branin (min 0.397887)',
      space: F.braninSpace,
      f: F.branin,
      min: F.BRANIN_MIN,
      ratio: 0.7,
    },
    { name: '4-D log-scaled', space: F.log4Space, f: F.log4, min: 0, ratio: 0.3 },
    { name: 'mixed with a categorical', space: F.mixedSpace, f: F.mixed, min: 0, ratio: 0.4 },
  ];
  for (const c of cases) {
    it(`beats random search on ${c.name}`, async () => {
      const gaps = async (method: 'tpe' | 'random'): Promise<number> => {
        const out: number[] = [];
        for (let seed = 0; seed < 10; seed++) {
          const r = await search({
            space: c.space,
            objective: (p) => c.f(p),
            method,
            trials: 40,
            seed,
          });
          expect(r.best!.value).toBeGreaterThanOrEqual(c.min - 1e-6);
          out.push(r.best!.value - c.min);
        }
        out.sort((a, b) => a - b);
        return (out[4]! + out[5]!) / 2;
      };
      const tpe = await gaps('tpe');
      const random = await gaps('random');
      expect(tpe, `TPE ${tpe} vs random ${random}`).toBeLessThan(c.ratio * random);
    });
  }
});
