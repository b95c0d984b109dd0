// One conformance suite over every Storage implementation.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choice, logUniform, type SearchSpace } from '../../src/search/space.js';
import { StudyError } from '../../src/search/search-error.js';
import { MemoryStorage } from '../../src/search/storage/memory-storage.js';
import { SqliteStorage } from '../../src/search/node/storage/sqlite-storage.js';
import type { Storage, StudyRecord } from '../../src/search/storage/storage.js';
import { PostgresStorage } from '../../src/search/node/storage/postgres-storage.js';
import { postgresUnavailable, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';

const space: SearchSpace = {
  'optimizer.lr': logUniform(1e-4, 1),
  'model.1': choice(['relu', { type: 'leakyRelu', alpha: 0.1 }]),
};
const study: StudyRecord = { name: 's', direction: 'maximize', space, createdAt: 1234.5 };
const owner = { host: 'h', pid: 42, start: '777' };
const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'descent-storage-')), 'study.db');

// One throwaway PostgreSQL cluster for the file; every storage made from it gets a database of its own.
const noPostgres = postgresUnavailable();
let cluster: PostgresCluster | undefined;
if (noPostgres === null) {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => cluster?.remove());
}

const STORAGES: [string, () => Storage | Promise<Storage>][] = [
  ['memory', () => new MemoryStorage()],
  ['sqlite', () => new SqliteStorage(tmp())],
  ...(noPostgres === null
    ? [['postgresql', async () => new PostgresStorage(await cluster!.createDatabase('conformance'))] as [string, () => Promise<Storage>]]
    : []),
];

describe.skipIf(noPostgres === null)(`postgresql storage (skipped: ${noPostgres})`, () => {
  it('is skipped here', () => {});
});

describe.each(STORAGES)('%s storage', (_name, make) => {
  it('round-trips studies and keeps the first record on reopen', async () => {
    const s = await make();
    expect(await s.openStudy(study)).toEqual(study);
    expect(await s.openStudy({ ...study, direction: 'minimize', createdAt: 9 })).toEqual(study);
    await s.openStudy({ ...study, name: 't' });
    expect(await s.listStudies()).toEqual(['s', 't']);
    expect(await s.loadStudy('s')).toEqual(study);
    expect(await s.loadStudy('nope')).toBeNull();
    await expect(s.getTrials('nope')).rejects.toThrow(StudyError);
    await s.close();
  });

  it('allocates numbers from 0 inside decide, and passes wait/done through', async () => {
    const s = await make();
    await s.openStudy(study);
    const seen: number[][] = [];
    for (let i = 0; i < 3; i++) {
      const t = await s.createTrial(
        's',
        (trials, n) => {
          seen.push([trials.length, n]);
          return {
            params: {
              'optimizer.lr': 0.01 * (i + 1),
              'model.1': { type: 'leakyRelu', alpha: 0.1 },
            },
            stage: i % 2,
            attrs: { gridIndex: i },
          };
        },
        i === 2 ? null : owner,
      );
      expect(t).not.toBe('wait');
    }
    expect(seen).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(await s.createTrial('s', () => 'wait', owner)).toBe('wait');
    expect(await s.createTrial('s', () => 'done', owner)).toBe('done');
    const trials = await s.getTrials('s');
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2]);
    const t1 = trials[1]!;
    expect(t1).toMatchObject({
      state: 'running',
      value: null,
      intermediate: [],
      error: null,
      stage: 1,
      attrs: { gridIndex: 1 },
      owner,
      finishedAt: null,
      durationMs: null,
    });
    expect(t1.params).toEqual({
      'optimizer.lr': 0.02,
      'model.1': { type: 'leakyRelu', alpha: 0.1 },
    });
    expect(trials[2]!.owner).toBeNull();
    // Another study in the same storage numbers its trials separately.
    await s.openStudy({ ...study, name: 'other' });
    const o = await s.createTrial('other', () => ({ params: {}, stage: 0, attrs: {} }), owner);
    expect(o !== 'wait' && o !== 'done' && o.number).toBe(0);
    await s.close();
  });

  it('stores intermediate values by step (overwriting, NaN kept) and ends trials once', async () => {
    const s = await make();
    await s.openStudy(study);
    for (let i = 0; i < 3; i++)
      await s.createTrial('s', () => ({ params: {}, stage: 0, attrs: {} }), owner);
    await s.report('s', 0, 2, 0.5);
    await s.report('s', 0, 1, 0.25);
    await s.report('s', 0, 2, 0.75);
    await s.report('s', 0, 3, NaN);
    const done = await s.finishTrial('s', 0, { state: 'complete', value: 0.9, error: null });
    expect(done.intermediate.slice(0, 2)).toEqual([
      { step: 1, value: 0.25 },
      { step: 2, value: 0.75 },
    ]);
    expect(done.intermediate[2]!.step).toBe(3);
    expect(done.intermediate[2]!.value).toBeNaN();
    expect(done).toMatchObject({ state: 'complete', value: 0.9, error: null });
    expect(done.durationMs).toBe(done.finishedAt! - done.startedAt);
    await expect(
      s.finishTrial('s', 0, { state: 'failed', value: null, error: 'x' }),
    ).rejects.toThrow(/already complete/);
    await expect(s.report('s', 0, 4, 1)).rejects.toThrow(StudyError);
    await expect(
      s.finishTrial('s', 7, { state: 'complete', value: 1, error: null }),
    ).rejects.toThrow(/no trial 7/);
    await s.finishTrial('s', 1, { state: 'pruned', value: 0.1, error: null });
    expect(await s.getTrial('s', 1)).toMatchObject({ state: 'pruned', value: 0.1 });
    expect(await s.getTrial('s', 9)).toBeNull();
    await s.close();
  });

  it('fails the running trials a reason names, in one pass', async () => {
    const s = await make();
    await s.openStudy(study);
    for (let i = 0; i < 3; i++)
      await s.createTrial('s', () => ({ params: {}, stage: 0, attrs: {} }), owner);
    await s.finishTrial('s', 0, { state: 'complete', value: 1, error: null });
    await s.heartbeat('s', [1, 2]);
    const failed = await s.failTrials('s', (t) => (t.number >= 0 ? `gone ${t.number}` : null));
    expect(failed).toEqual([1, 2]);
    const trials = await s.getTrials('s');
    expect(trials.map((t) => [t.state, t.error])).toEqual([
      ['complete', null],
      ['failed', 'gone 1'],
      ['failed', 'gone 2'],
    ]);
    await s.close();
  });
});

describe('sqlite storage', () => {
  it('keeps everything across reopening the file', async () => {
    const file = tmp();
    const a = new SqliteStorage(file);
    await a.openStudy(study);
    await a.createTrial(
      's',
      () => ({
        params: { 'optimizer.lr': 0.5, 'model.1': 'relu' },
        stage: 0,
        attrs: { epochs: 3 },
      }),
      owner,
    );
    await a.report('s', 0, 1, 0.3);
    const before = await a.finishTrial('s', 0, { state: 'complete', value: 0.4, error: null });
    await a.close();
    const b = new SqliteStorage(file);
    expect(await b.loadStudy('s')).toEqual(study);
    expect(await b.getTrials('s')).toEqual([before]);
    await b.close();
  });

  it('rejects a file that is not a study file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'descent-storage-')), 'x.db');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'not a database at all, just text '.repeat(100));
    expect(() => new SqliteStorage(file)).toThrow(/cannot open study file/);
  });
});
