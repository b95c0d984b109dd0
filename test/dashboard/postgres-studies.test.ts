// The dashboard over a PostgreSQL study (a throwaway cluster): the study and its trials with the host
// that ran each, a retry marked as such, live events when another host writes, and never the password;
// `descent dashboard --storage` refuses a wrong URL or password with one line and exit 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyDetail, StudySummary } from '../../src/dashboard/api.js';
import { Catalog } from '../../src/dashboard/catalog.js';
import { startDashboard } from '../../src/dashboard/server.js';
import { main } from '../../src/cli/main.js';
import { PostgresStorage } from '../../src/search/node/storage/postgres-storage.js';
import { logUniform } from '../../src/search/space.js';
import { PG_PASSWORD, postgresUnavailable, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';
import { captureIO } from '../e2e/helpers.js';
import { get, getJson } from './http.js';

const noPostgres = postgresUnavailable();
let cluster: PostgresCluster;
let url = '';

/** A study "lr" with a complete trial on host-a, a failed one on host-b and its retry on host-a. */
async function seed(storage: PostgresStorage): Promise<void> {
  await storage.openStudy({ name: 'lr', direction: 'maximize', space: { lr: logUniform(1e-3, 1) }, createdAt: 1 });
  const claim = (lr: number, host: string, attrs = {}) =>
    storage.createTrial('lr', () => ({ params: { lr }, stage: 0, attrs }), { host, pid: 10, start: null });
  await claim(0.1, 'host-a');
  await storage.finishTrial('lr', 0, { state: 'complete', value: 0.9, error: null });
  await claim(0.2, 'host-b');
  await storage.finishTrial('lr', 1, { state: 'failed', value: null, error: 'worker died' });
  await claim(0.2, 'host-a', { retryOf: 1 });
}

describe.skipIf(noPostgres !== null)('the dashboard over a PostgreSQL study', () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await cluster.createDatabase('dash');
    const storage = new PostgresStorage(url);
    try {
      await seed(storage);
    } finally {
      await storage.close();
    }
  }, 60_000);
  afterAll(async () => cluster?.remove());

  it('serves the study with each trial\'s host and retry, labelled without the password', async () => {
    const d = await startDashboard({ paths: [], storages: [url], port: 0 });
    try {
      const list = await getJson<StudySummary[]>(d.port, '/api/studies');
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ name: 'lr', trials: 3, best: 0.9, file: url.replace(`:${PG_PASSWORD}@`, ':***@') });
      const detail = await getJson<StudyDetail>(d.port, `/api/studies/${list[0]!.id}`);
      expect(detail.trials.map((t) => [t.number, t.state, t.host, t.retryOf])).toEqual([
        [0, 'complete', 'host-a', null],
        [1, 'failed', 'host-b', null],
        [2, 'running', 'host-a', 1],
      ]);
      for (const path of ['/api/studies', `/api/studies/${list[0]!.id}`, '/api/runs']) {
        expect((await get(d.port, path)).body).not.toContain(PG_PASSWORD);
      }
    } finally {
      await d.close();
    }
  });

  it('reports a study as changed when another host writes to it, and not otherwise', async () => {
    const catalog = new Catalog([], [url]);
    try {
      const first = await catalog.poll(false);
      expect(first.filter((e) => e.type === 'study')).toHaveLength(1);
      expect(await catalog.poll(false)).toEqual([]);
      const other = new PostgresStorage(url);
      try {
        await other.finishTrial('lr', 2, { state: 'complete', value: 0.95, error: null });
      } finally {
        await other.close();
      }
      expect(await catalog.poll(false)).toEqual(first);
    } finally {
      await catalog.close();
    }
  });

  it('descent dashboard --storage with a wrong password or a file path: one line, exit 2, no password', async () => {
    const wrong = url.replace(`:${PG_PASSWORD}@`, ':hunter2@');
    const io = captureIO(process.cwd());
    expect(await main(['dashboard', '--storage', wrong, '--port', '0'], io)).toBe(2);
    expect(io.stderr).toMatch(/password/);
    expect(io.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(io.stderr).not.toContain('hunter2');
    const file = captureIO(process.cwd());
    expect(await main(['dashboard', '--storage', 'study.db'], file)).toBe(2);
    expect(file.stderr).toContain("--storage takes a postgresql:// URL (give a study file as a path), got 'study.db'");
  });
});

describe.skipIf(noPostgres === null)(`the dashboard over a PostgreSQL study (skipped: ${noPostgres})`, () => {
  it('is skipped here', () => {});
});
