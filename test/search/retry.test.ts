// Failed trials run again with the same parameters, up to `retries` times each.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { retryProposal } from '../../src/search/retry.js';
import { search } from '../../src/search/search.js';
import { uniform } from '../../src/search/space.js';
import type { TrialRecord } from '../../src/search/trial.js';

type Row = Pick<TrialRecord, 'number' | 'state' | 'stage' | 'params' | 'attrs'>;
const row = (number: number, state: TrialRecord['state'], attrs: Row['attrs'] = {}, stage = 0): Row => ({
  number, state, stage, params: { x: number / 10 }, attrs,
});

describe('retryProposal', () => {
  it('repeats the oldest failed trial of the stage that has no retry yet', () => {
    const trials = [row(0, 'complete'), row(1, 'failed', { gridIndex: 4 }), row(2, 'failed')];
    expect(retryProposal(trials, 0, 1)).toEqual({ params: { x: 0.1 }, stage: 0, attrs: { gridIndex: 4, retryOf: 1, retry: 1 } });
    const retried = [...trials, { ...row(3, 'running'), params: { x: 0.1 }, attrs: { retryOf: 1, retry: 1 } }];
    expect(retryProposal(retried, 0, 1)).toMatchObject({ params: { x: 0.2 }, attrs: { retryOf: 2, retry: 1 } });
  });

  it('stops after `retries` attempts of one point, and never with retries 0 or in another stage', () => {
    const chain = [row(0, 'failed'), { ...row(1, 'failed'), attrs: { retryOf: 0, retry: 1 } }];
    expect(retryProposal(chain, 0, 2)).toMatchObject({ attrs: { retryOf: 1, retry: 2 } });
    expect(retryProposal(chain, 0, 1)).toBeNull();
    expect(retryProposal([row(0, 'failed')], 0, 0)).toBeNull();
    expect(retryProposal([row(0, 'failed', {}, 0)], 1, 3)).toBeNull();
  });
});

describe('search with retries', () => {
  // Fails the first time it sees a point, succeeds the second time.
  const flaky = () => {
    const seen = new Set<number>();
    return (p: Record<string, unknown>): number => {
      const x = p.x as number;
      if (!seen.has(x)) {
        seen.add(x);
        throw new Error(`first attempt at ${x}`);
      }
      return x;
    };
  };

  it('runs each failed point once more and reaches the total', async () => {
    const result = await search({ space: { x: uniform(0, 1) }, trials: 3, method: 'random', retries: 1, maxFailures: 10, objective: flaky() });
    expect(result.trials.map((t) => t.state)).toEqual(['failed', 'complete', 'failed', 'complete', 'failed', 'complete']);
    for (const i of [1, 3, 5]) {
      expect(result.trials[i]!.params).toEqual(result.trials[i - 1]!.params);
      expect(result.trials[i]!.attrs).toMatchObject({ retryOf: i - 1, retry: 1 });
    }
    expect(result.finished).toBe(3);
  });

  it('without retries every trial samples a new point (and this objective never succeeds)', async () => {
    const result = await search({ space: { x: uniform(0, 1) }, trials: 3, method: 'random', maxFailures: 4, objective: flaky() });
    expect(result.status).toBe('tooManyFailures');
    expect(new Set(result.trials.map((t) => t.params.x)).size).toBe(4);
  });

  it('refuses a retry count that is not an integer >= 0', async () => {
    await expect(search({ space: { x: uniform(0, 1) }, trials: 1, retries: -1, objective: () => 0 })).rejects.toThrow(ConfigError);
  });
});
