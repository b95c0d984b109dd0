// Ctrl-C (SIGINT) to `descent search --storage postgresql://...`: the running trial is marked failed
// ("interrupted") in the database, so no other worker waits out its heartbeat, and the command exits
// 130 with one line.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../src/search/node/storage/postgres-storage.js';
import { PG_PASSWORD, postgresUnavailable, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';
import { tempDir, writeJson } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'src', 'cli', 'main.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const noPostgres = postgresUnavailable();
let cluster: PostgresCluster;

describe.skipIf(noPostgres !== null)('descent search --storage postgresql:// and Ctrl-C', () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => cluster?.remove());

  it('marks the running trial failed in the database and exits 130', async () => {
    const url = await cluster.createDatabase('sigint');
    const dir = tempDir('pg-sig');
    writeJson(dir, 'base.json', {
      seed: 1, data: { source: 'digits', validation: 0.2 },
      model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 10 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1,
    });
    // Trials of 100000 epochs: the first is still running when the signal comes.
    const spec = writeJson(dir, 'spec.json', {
      base: 'base.json', space: { epochs: { choice: [100000, 100001] } }, method: { type: 'grid' }, objective: 'valAccuracy',
    });
    const child = spawn(process.execPath, ['--import', tsx, cli, 'search', spec, '--parallel', '1', '--storage', url], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DESCENT_BACKEND: 'cpu' },
    });
    let output = '';
    child.stderr.on('data', (c: Buffer) => void (output += c.toString()));
    child.stdout.on('data', (c: Buffer) => void (output += c.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    // Waits (bounded) until the database shows a running trial, then sends the signal.
    const peek = new PostgresStorage(url, { reconnectMs: 0 });
    for (let i = 0; i < 600; i++) {
      await new Promise((done) => setTimeout(done, 50));
      const trials = await peek.getTrials('spec').catch(() => []);
      if (trials.some((t) => t.state === 'running')) break;
    }
    child.kill('SIGINT');
    const code = await exited;
    expect(code, output).toBe(130);
    expect(output).toMatch(/search interrupted by SIGINT; 1 running trial\(s\) marked failed/);
    expect(output).not.toContain(PG_PASSWORD);
    const trials = await peek.getTrials('spec');
    await peek.close();
    expect(trials.map((t) => [t.number, t.state, t.error])).toEqual([[0, 'failed', 'interrupted by SIGINT']]);
  }, 60_000);
});

describe.skipIf(noPostgres === null)(`descent search --storage postgresql:// and Ctrl-C (skipped: ${noPostgres})`, () => {
  it('is skipped here', () => {});
});
