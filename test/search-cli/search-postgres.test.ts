// `descent search --storage postgresql://...`: a search whose study lives in a PostgreSQL database
// (a throwaway cluster), and the one-line exit-2 messages of a malformed URL, a refused connection,
// a wrong password and a missing database, none of which may show the password.
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
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
    } finally {
      await storage.close();
    }
  }, 120_000);

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
