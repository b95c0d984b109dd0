import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { edgeWarnings } from '../../src/search/edge-warnings.js';
import { search } from '../../src/search/node/search.js';
import { StudyError } from '../../src/search/search-error.js';
import { choice, fixed, int, logUniform, uniform } from '../../src/search/space.js';
import { MemoryStorage } from '../../src/search/storage/memory-storage.js';
import { Study } from '../../src/search/study.js';
import type { TrialRecord } from '../../src/search/trial.js';

const space = { x: uniform(-5, 5), seed: fixed(3) };
const tmpFile = (): string => join(mkdtempSync(join(tmpdir(), 'descent-study-')), 'study.db');

describe('ask/tell', () => {
  it('runs a loop the user owns and finds the minimum of a parabola', async () => {
    const study = await Study.open({ space, method: 'tpe', seed: 1 });
    for (let i = 0; i < 30; i++) {
      const trial = await study.ask();
      expect(trial.params.seed).toBe(3);
      await study.tell(trial, ((trial.params.x as number) - 1) ** 2);
    }
    const best = await study.best();
    expect(best!.value).toBeLessThan(0.05);
    expect((await study.trials()).map((t) => t.number)).toEqual([...Array(30).keys()]);
  });

  it('tells pruned, failed and non-finite results, and refuses a second tell', async () => {
    const study = await Study.open({ space, trials: 3 });
    const a = await study.ask();
    a.report(1, 0.7);
    a.report(2, 0.6);
    expect(await study.tell(a, { state: 'pruned' })).toMatchObject({ state: 'pruned', value: 0.6 });
    const b = await study.ask();
    expect(await study.tell(b.number, NaN)).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('NaN'),
    });
    await expect(study.tell(b, 1)).rejects.toThrow(StudyError);
    const c = await study.ask();
    await study.tell(c, { state: 'failed', error: 'out of memory' });
    // Failed trials do not count: two more finished trials are wanted.
    await study.tell(await study.ask(), 1);
    await study.tell(await study.ask(), 2);
    await expect(study.ask()).rejects.toThrow(/already has all its finished trials/);
  });

  it('refuses to resume a study with another space or direction', async () => {
    const storage = new MemoryStorage();
    await Study.open({ space, storage, name: 'a' });
    await expect(Study.open({ space: { x: uniform(-5, 6) }, storage, name: 'a' })).rejects.toThrow(
      /another search space/,
    );
    await expect(Study.open({ space, storage, name: 'a', direction: 'maximize' })).rejects.toThrow(
      ConfigError,
    );
  });
});

describe('search()', () => {
  it('records throwing and bad-valued trials as failed and still finishes the requested count', async () => {
    const progress: [number, string, number][] = [];
    const result = await search({
      space,
      method: 'random',
      trials: 6,
      objective: (p, trial) => {
        if (trial.number === 1) throw new Error('boom in trial 1');
        if (trial.number === 3) return NaN;
        if (trial.number === 4) return 'x' as unknown as number;
        return (p.x as number) ** 2;
      },
      onTrialComplete: (t, p) => progress.push([t.number, t.state, p.finished]),
    });
    expect(result.status).toBe('complete');
    expect(result.finished).toBe(6);
    expect(result.failed).toBe(3);
    const failed = result.trials.filter((t) => t.state === 'failed');
    expect(failed.map((t) => t.number)).toEqual([1, 3, 4]);
    expect(failed[0]!.error).toContain('boom in trial 1');
    expect(failed[2]!.error).toContain('returned "x"');
    expect(progress.map((p) => p[2])).toEqual([1, 1, 2, 2, 2, 3, 4, 5, 6]);
    const best = result.trials
      .filter((t) => t.state === 'complete')
      .reduce((a, b) => (a.value! <= b.value! ? a : b));
    expect(result.best).toEqual({ number: best.number, params: best.params, value: best.value });
  });

  it('stops after maxFailures and says so', async () => {
    let calls = 0;
    const result = await search({
      space,
      trials: 5,
      maxFailures: 3,
      objective: () => {
        calls++;
        throw new Error('always');
      },
    });
    expect(calls).toBe(3);
    expect(result.status).toBe('tooManyFailures');
    expect(result.best).toBeNull();
  });

  it('rejects bad options before any trial runs', async () => {
    let calls = 0;
    const objective = (): number => ++calls;
    const base = { optimizer: { lr: 0.1 }, model: [{ units: 3 }, 'relu'] };
    await expect(
      search({ space: { 'model.1.alpha': uniform(0, 1) }, base, trials: 2, objective }),
    ).rejects.toThrow(/space.model.1.alpha/);
    await expect(search({ space, objective })).rejects.toThrow(/number of trials/);
    await expect(search({ space, objective, trials: 2, parallel: 2 })).rejects.toThrow(/parallel/);
    await expect(
      search({ space, objective, trials: 2, method: 'anneal' as 'tpe' }),
    ).rejects.toThrow(/unknown method "anneal"/);
    await expect(
      search({ space, objective, trials: 2, pruner: { type: 'median', patience: 3 } as never }),
    ).rejects.toThrow(/pruner.patience/);
    await expect(
      search({ space, objective: { module: '/no/such/objective.mjs' }, trials: 2 }),
    ).rejects.toThrow(/no such file/);
    expect(calls).toBe(0);
  });

  it('resumes from a SQLite file: finished trials are kept and the total is exact', async () => {
    const file = tmpFile();
    const seen: number[] = [];
    const objective = (p: Record<string, unknown>, t: { number: number }): number => (
      seen.push(t.number),
      (p.x as number) ** 2
    );
    const first = await search({ space, storage: file, trials: 4, method: 'random', objective });
    const second = await search({ space, storage: file, trials: 7, method: 'random', objective });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(second.trials.slice(0, 4)).toEqual(first.trials);
    expect(second.finished).toBe(7);
    // Random proposals depend only on (seed, trial number): a resumed study draws what an unbroken one would.
    const unbroken = await search({
      space,
      trials: 7,
      method: 'random',
      objective: (p) => (p.x as number) ** 2,
    });
    expect(second.trials.map((t) => t.params)).toEqual(unbroken.trials.map((t) => t.params));
  });
});

describe('edgeWarnings', () => {
  const s = { lr: logUniform(1e-4, 1), u: uniform(0, 10), n: int(1, 100), act: choice(['a', 'b']) };
  const best = (params: TrialRecord['params']): { best: { params: TrialRecord['params'] } } => ({
    best: { params },
  });

  it('names the dimensions whose best value is within 5% of an end (log space for log dimensions)', () => {
    // lr 0.7: log position (ln 0.7 - ln 1e-4) / ln 1e4 = 0.961 -> high edge; 0.3 is at 0.869 -> fine.
    const w = edgeWarnings(best({ lr: 0.7, u: 0.4, n: 50, act: 'a' }), s);
    expect(w.map((x) => [x.path, x.edge])).toEqual([
      ['lr', 'high'],
      ['u', 'low'],
    ]);
    expect(w[0]!.message).toContain('widen the range');
    expect(edgeWarnings(best({ lr: 0.3, u: 0.6, n: 96, act: 'a' }), s).map((x) => x.path)).toEqual([
      'n',
    ]);
    expect(edgeWarnings({ best: null }, s)).toEqual([]);
  });
});
