import { describe, expect, it } from 'vitest';
import { medianPruner } from '../../src/search/pruners/median.js';
import type { Pruner } from '../../src/search/pruners/pruner.js';
import { rungSteps, successiveHalvingPruner } from '../../src/search/pruners/successive-halving.js';
import { search, type SearchResult } from '../../src/search/node/search.js';
import { uniform } from '../../src/search/space.js';
import { TrialPruned } from '../../src/search/trial-pruned.js';
import type { Objective, TrialRecord } from '../../src/search/trial.js';

function record(number: number, state: TrialRecord['state'], curve: number[]): TrialRecord {
  return {
    number,
    state,
    params: {},
    value: curve[curve.length - 1] ?? null,
    intermediate: curve.map((value, i) => ({ step: i + 1, value })),
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

describe('median pruner', () => {
  const done = [1, 2, 3, 4, 5].map((v, i) => record(i, 'complete', [v + 10, v]));
  const ask = (
    p: Pruner,
    curve: number[],
    direction: 'minimize' | 'maximize' = 'minimize',
    others = done,
  ): boolean => {
    const trial = record(99, 'running', curve);
    return p.prune({ trial, trials: [...others, trial], direction });
  };

  it('prunes a value worse than the median of the complete trials at the same step', () => {
    const p = medianPruner({ nStartupTrials: 5 });
    // At step 2 the complete trials have 1..5: median 3.
    expect(ask(p, [0, 3.5])).toBe(true);
    expect(ask(p, [0, 2.5])).toBe(false);
    expect(ask(p, [0, 3])).toBe(false);
    expect(ask(p, [0, NaN])).toBe(true);
    // Maximizing: larger is better, so 2.5 is now the bad one.
    expect(ask(p, [0, 2.5], 'maximize')).toBe(true);
    expect(ask(p, [0, 3.5], 'maximize')).toBe(false);
  });

  it('waits for startup trials and warmup steps', () => {
    expect(ask(medianPruner({ nStartupTrials: 6 }), [0, 100])).toBe(false);
    expect(ask(medianPruner({ nStartupTrials: 5, nWarmupSteps: 3 }), [0, 100])).toBe(false);
    // Running and pruned trials are not in the median.
    const mixed = [...done.slice(0, 4), record(7, 'pruned', [0, 0])];
    expect(ask(medianPruner({ nStartupTrials: 5 }), [0, 100], 'minimize', mixed)).toBe(false);
  });
});

describe('successive halving', () => {
  it('puts rungs at minResource * eta^(s + k)', () => {
    expect(rungSteps({ minResource: 1, reductionFactor: 3 }, 10)).toEqual([1, 3, 9]);
    expect(rungSteps({ minResource: 2, reductionFactor: 2, minEarlyStoppingRate: 1 }, 20)).toEqual([
      4, 8, 16,
    ]);
  });

  it('promotes the top 1/eta at a rung, and only the best while fewer than eta got there', () => {
    const p = successiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
    const ask = (curve: number[], others: TrialRecord[]): boolean => {
      const trial = record(99, 'running', curve);
      return p.prune({ trial, trials: [...others, trial], direction: 'minimize' });
    };
    const others = [5, 6, 7].map((v, i) => record(i, 'complete', [v]));
    // Rung 1 (step 1): 4 values -> the best 4 / 2 = 2 go on: 5 and the asker's value if below 6.
    expect(ask([5.5], others)).toBe(false);
    expect(ask([6.5], others)).toBe(true);
    // Two at the rung: 2 / 2 = 1 goes on, the better one.
    expect(ask([4], [record(0, 'complete', [5])])).toBe(false);
    expect(ask([5.5], [record(0, 'complete', [5])])).toBe(true);
    // A rung is judged only at the report that crosses it: at step 2 (no rung) nothing is pruned.
    expect(ask([5.5, 100], others)).toBe(false);
  });
});

// Synthetic learning curves: value(t) = (x - 0.3)^2 + 1 / t for t = 1..20, so every curve ranks the
// trials the same way as their final values do; a pruner should stop bad ones early and never the best.
const STEPS = 20;
function curves(counter: { steps: number }): Objective {
  return async (params, trial) => {
    const q = ((params.x as number) - 0.3) ** 2;
    let v = NaN;
    for (let t = 1; t <= STEPS; t++) {
      counter.steps++;
      v = q + 1 / t;
      trial.report(t, v);
      if (await trial.shouldPrune()) {
        if (trial.number % 2 === 0) throw new TrialPruned();
        return v; // returning after a prune request also records the trial as pruned
      }
    }
    return v;
  };
}

async function run(
  pruner: 'none' | 'median' | 'successiveHalving',
): Promise<{ steps: number; result: SearchResult }> {
  const counter = { steps: 0 };
  const spec =
    pruner === 'median'
      ? { type: 'median' as const, nStartupTrials: 5, nWarmupSteps: 2 }
      : pruner === 'successiveHalving'
        ? { type: 'successiveHalving' as const, minResource: 1, reductionFactor: 3 }
        : pruner;
  const result = await search({
    space: { x: uniform(0, 1) },
    method: 'random',
    trials: 30,
    seed: 11,
    pruner: spec,
    objective: curves(counter),
  });
  return { steps: counter.steps, result };
}

describe('pruning a study', () => {
  for (const pruner of ['median', 'successiveHalving'] as const) {
    it(`${pruner} saves steps and keeps the best trial`, async () => {
      const full = await run('none');
      const pruned = await run(pruner);
      expect(full.steps).toBe(30 * STEPS);
      expect(pruned.steps, `${pruned.steps} steps`).toBeLessThan(0.6 * full.steps);
      // Random search proposes the same params with or without pruning: the same best trial.
      expect(pruned.result.best).toEqual(full.result.best);
      const stopped = pruned.result.trials.filter((t) => t.state === 'pruned');
      expect(stopped.length).toBeGreaterThan(10);
      for (const t of stopped) {
        expect(t.intermediate.length).toBeLessThan(STEPS);
        expect(t.value).toBe(t.intermediate[t.intermediate.length - 1]!.value);
      }
      expect(pruned.result.finished).toBe(30);
    });
  }
});
