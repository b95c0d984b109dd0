// `descent search --storage postgresql://...`: a search whose study lives in a PostgreSQL database
// (a throwaway cluster), --status on it, and the one-line exit-2 messages of a malformed URL, a refused connection,
// a wrong password and a missing database, none of which may show the password.
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { PostgresStorage } from '../../src/search/node/storage/postgres-storage.js';
import { PG_PASSWORD, PG_USER, postgresUnavailable, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';
import { captureIO, ROOT, tempDir, writeJson } from './helpers.js';

const BASE = {
  seed: 1,
  data: { source: 'digits', validation: 0.2 },
  model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 10 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.1 },
  epochs: 1,
};

const noPostgres = postgresUnavailable();
let cluster: PostgresCluster;

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function specIn(dir: string): string {
  writeJson(dir, 'base.json', BASE);
  return writeJson(dir, 'spec.json', { base: 'base.json', space: { 'optimizer.lr': { logUniform: [0.01, 0.5] } }, method: 'random', objective: 'valAccuracy', trials: 2 });
}

// Every refusal uses one output folder: a refused database must not claim it for its URL.
const shared = tempDir('pg-cli');

async function refused(storage: string, message: RegExp): Promise<void> {
  const io = captureIO(ROOT);
  const code = await main(['search', specIn(shared), '--parallel', '1', '--out', join(shared, 'out'), '--storage', storage], io);
  expect(code, io.stderr).toBe(2);
  expect(io.stderr).toMatch(message);
  expect(io.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(io.stderr + io.stdout).not.toContain(PG_PASSWORD);
  expect(io.stderr + io.stdout).not.toContain('hunter2');
}

describe.skipIf(noPostgres !== null)('descent search --storage postgresql://', () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => cluster?.remove());

  it('runs the study in the database and never prints or writes the password', async () => {
    const url = await cluster.createDatabase('cli');
    const dir = tempDir('pg-cli');
    const out = join(dir, 'out');
    const io = captureIO(ROOT);
    const code = await main(['search', specIn(dir), '--parallel', '1', '--out', out, '--storage', url], io);
    expect(code, io.stderr).toBe(0);
    const shown = url.replace(`:${PG_PASSWORD}@`, ':***@');
    expect(io.stdout).toContain(`2 trials finished (0 failed) in study ${shown}\n`);
    expect(io.stdout + io.stderr).not.toContain(PG_PASSWORD);
    expect(readFileSync(join(out, '.study.json'), 'utf8')).toBe(`${JSON.stringify({ storage: shown, study: 'spec' })}\n`);
    const storage = new PostgresStorage(url);
    try {
      const trials = await storage.getTrials('spec');
      expect(trials.map((t) => [t.number, t.state])).toEqual([[0, 'complete'], [1, 'complete']]);
      // --status reads the same table: the best is the complete trial of highest accuracy, and a
      // trial another host runs now is listed with its host and process.
      const best = trials.reduce((a, b) => (b.value! > a.value! ? b : a));
      await storage.createTrial('spec', () => ({ params: { 'optimizer.lr': 0.1 }, stage: 0, attrs: {} }), { host: 'host-b', pid: 7, start: null });
      const status = captureIO(ROOT);
      expect(await main(['search', join(dir, 'spec.json'), '--storage', url, '--status'], status), status.stderr).toBe(0);
      expect(status.stdout).toBe(
        `Study spec in ${shown}: 2 of 2 finished (2 complete, 0 pruned), 0 failed, 1 running\n` +
          `Best: trial ${best.number}, valAccuracy ${best.value}: ${JSON.stringify(best.params)}\n` +
          'Running: trial 2 on host-b (pid 7)\n',
      );
      const asJson = captureIO(ROOT);
      expect(await main(['search', join(dir, 'spec.json'), '--storage', url, '--status', '--json'], asJson)).toBe(0);
      expect(JSON.parse(asJson.stdout)).toMatchObject({
        study: 'spec', storage: shown, budget: 2, trials: 3, complete: 2, pruned: 0, failed: 0, running: [{ trial: 2, host: 'host-b', pid: 7 }],
        best: { trial: best.number, value: best.value, params: best.params },
      });
    } finally {
      await storage.close();
    }
  }, 120_000);

  it('--study NAME: two studies of one spec in one database stay apart', async () => {
    const url = await cluster.createDatabase('two');
    const dir = tempDir('pg-cli');
    const spec = specIn(dir);
    for (const study of ['first', 'second']) {
      const io = captureIO(ROOT);
      expect(await main(['search', spec, '--parallel', '1', '--out', join(dir, study), '--storage', url, '--study', study], io), io.stderr).toBe(0);
    }
    const storage = new PostgresStorage(url);
    try {
      expect(await storage.listStudies()).toEqual(['first', 'second']);
      for (const study of ['first', 'second']) expect((await storage.getTrials(study)).map((t) => t.number)).toEqual([0, 1]);
    } finally {
      await storage.close();
    }
    const status = captureIO(ROOT);
    expect(await main(['search', spec, '--storage', url, '--study', 'second', '--status'], status), status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Study second in postgresql:\/\/descent:\*\*\*@.*: 2 of 2 finished/);
    const empty = captureIO(ROOT);
    expect(await main(['search', spec, '--storage', url, '--study', ' '], empty)).toBe(2);
    expect(empty.stderr).toContain('--study needs a name');
  }, 120_000);

  it('--status of a study that has not started says so (exit 2), and creates no study file', async () => {
    const dir = tempDir('pg-cli');
    const spec = specIn(dir);
    const io = captureIO(ROOT);
    expect(await main(['search', spec, '--status'], io)).toBe(2);
    expect(io.stderr).toMatch(/^descent: .*no study file .*spec\.study\.sqlite \(has the search started\?\)\n$/);
    expect(existsSync(join(dir, 'spec.study.sqlite'))).toBe(false);
    const db = captureIO(ROOT);
    expect(await main(['search', spec, '--status', '--storage', await cluster.createDatabase('status')], db)).toBe(2);
    expect(db.stderr).toMatch(/no study named "spec" in postgresql:\/\/descent:\*\*\*@.*\(has its search started\?\)/);
  });

  it('a malformed URL', async () => {
    await refused(`postgresql://${PG_USER}:hunter2@127.0.0.1:99999/x`, /^descent: --storage: postgresql:\/\/descent:\*\*\*@127\.0\.0\.1:99999\/x is not a valid URL/);
  });

  it('a refused connection', async () => {
    await refused(`postgresql://${PG_USER}:hunter2@127.0.0.1:${await closedPort()}/x`, /^descent: .*PostgreSQL study storage postgresql:\/\/descent:\*\*\*@.*the connection was refused/);
  });

  it('a wrong password', async () => {
    await refused(`postgresql://${PG_USER}:hunter2@127.0.0.1:${cluster.port}/postgres`, /the password was refused/);
  });

  it('a missing database', async () => {
    await refused(cluster.url('no_such_db'), /the database does not exist/);
  });
});

describe.skipIf(noPostgres === null)(`descent search --storage postgresql:// (skipped: ${noPostgres})`, () => {
  it('is skipped here', () => {});
});
