import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { narrowSpace } from '../../src/search/samplers/coarse-to-fine.js';
import { search } from '../../src/search/node/search.js';
import {
  choice,
  int,
  isNumeric,
  logUniform,
  uniform,
  type NumericDist,
  type SearchSpace,
} from '../../src/search/space.js';
import type { TrialRecord } from '../../src/search/trial.js';

function trial(number: number, params: TrialRecord['params'], value: number): TrialRecord {
  return {
    number,
    state: 'complete',
    params,
    value,
    intermediate: [],
    error: null,
    stage: 0,
    attrs: {},
    startedAt: 0,
    finishedAt: 0,
    durationMs: 0,
    owner: null,
    heartbeatAt: null,
  };
}

describe('coarse-to-fine', () => {
  it('narrows to the span of the top quarter, widened by 10% of the previous range, clipped', () => {
    const space: SearchSpace = {
      x: uniform(0, 10),
      lr: logUniform(1e-4, 1),
      n: int(1, 100),
      act: choice(['a', 'b', 'c']),
    };
    // Eight trials; the best two (top quarter) have x = 3 and 2, lr = 1e-3 and 1e-2, n = 10 and 20, act a and b.
    const xs = [1, 2, 3, 4, 5, 6, 7, 8];
    const trials = xs.map((x, i) =>
      trial(
        i,
        {
          x,
          lr: x === 3 ? 1e-3 : x === 2 ? 1e-2 : 0.5,
          n: x === 3 ? 10 : x === 2 ? 20 : 90,
          act: x === 3 ? 'a' : x === 2 ? 'b' : 'c',
        },
        Math.abs(x - 3),
      ),
    );
    const next = narrowSpace(space, space, trials, 'minimize');
    expect(next.x).toEqual(uniform(1, 4));
    const lr = next.lr as NumericDist;
    // In log10 units the range is 4 decades wide: widen each side by 0.4 decades.
    expect(Math.log10(lr.low)).toBeCloseTo(-3.4, 12);
    expect(Math.log10(lr.high)).toBeCloseTo(-1.6, 12);
    // [10 - 9.9, 20 + 9.9] clipped to [1, 100], rounded outward.
    expect(next.n).toEqual(int(1, 30));
    expect(next.act).toEqual(choice(['a', 'b']));
    // Maximizing picks the other end.
    expect(narrowSpace(space, space, trials, 'maximize').x).toEqual(uniform(6, 9));
  });

  it('runs its stages with their epoch budgets and closes in on the optimum', async () => {
    const space: SearchSpace = { lr: logUniform(1e-6, 1), u: uniform(0, 1) };
    const optimum = { lr: 1e-2, u: 0.7 };
    const epochsSeen = new Map<number, number | undefined>();
    const result = await search({
      space,
      method: {
        type: 'coarseToFine',
        stages: [
          { trials: 20, epochs: 1 },
          { trials: 10, epochs: 3 },
          { trials: 10, epochs: 9 },
        ],
      },
      seed: 5,
      objective: (p, t) => {
        epochsSeen.set(t.number, t.epochs);
        return (Math.log10(p.lr as number) + 2) ** 2 + 10 * ((p.u as number) - 0.7) ** 2;
      },
    });
    expect(result.finished).toBe(40);
    expect(result.stageSpaces).toHaveLength(3);
    const width = (s: SearchSpace, k: 'lr' | 'u'): number => {
      const d = s[k]!;
      if (!isNumeric(d)) throw new Error('numeric');
      return k === 'lr' ? Math.log(d.high / d.low) : d.high - d.low;
    };
    for (let s = 1; s < 3; s++) {
      const cur = result.stageSpaces[s]!;
      for (const k of ['lr', 'u'] as const) {
        const d = cur[k] as NumericDist;
        expect(d.low).toBeLessThanOrEqual(optimum[k]);
        expect(d.high).toBeGreaterThanOrEqual(optimum[k]);
        expect(width(cur, k)).toBeLessThan(0.8 * width(result.stageSpaces[s - 1]!, k));
      }
    }
    for (const t of result.trials) {
      const budget = [1, 3, 9][t.stage];
      expect(t.attrs.epochs).toBe(budget);
      expect(epochsSeen.get(t.number)).toBe(budget);
      const d = result.stageSpaces[t.stage]!.lr as NumericDist;
      expect(t.params.lr as number).toBeGreaterThanOrEqual(d.low);
      expect(t.params.lr as number).toBeLessThanOrEqual(d.high);
    }
    const bestOf = (stage: number): number =>
      Math.min(...result.trials.filter((t) => t.stage === stage).map((t) => t.value!));
    expect(bestOf(2)).toBeLessThan(bestOf(0));
  });

  it('checks its stages and the trial count', async () => {
    const space = { x: uniform(0, 1) };
    await expect(
      search({ space, objective: () => 0, method: { type: 'coarseToFine', stages: [] } }),
    ).rejects.toThrow(/method.stages/);
    await expect(
      search({
        space,
        objective: () => 0,
        trials: 5,
        method: { type: 'coarseToFine', stages: [{ trials: 3 }] },
      }),
    ).rejects.toThrow(ConfigError);
    await expect(
      search({ space, objective: () => 0, method: 'coarseToFine' as 'tpe' }),
    ).rejects.toThrow(/stages/);
  });
});
