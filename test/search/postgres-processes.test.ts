// One study in PostgreSQL shared by four search processes, as four hosts would share it: together
// they finish exactly the requested total, every number once, and each reports the table's best.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../src/search/node/storage/postgres-storage.js';
import { postgresUnavailable, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const runStudy = join(here, 'fixtures', 'run-study.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const noPostgres = postgresUnavailable();
let cluster: PostgresCluster;

/** Runs the fixture to its end: its exit code, its pid and its last line of output (JSON). */
function run(...args: string[]): Promise<{ code: number | null; pid: number; last: string }> {
  const child = spawn(process.execPath, ['--import', tsx, runStudy, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) => resolve({ code, pid: child.pid!, last: out.trimEnd().split('\n').at(-1) ?? '' })),
  );
}

describe.skipIf(noPostgres !== null)('a PostgreSQL study across processes', () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => cluster?.remove());

  it('four processes and 40 trials: exactly 40 complete, numbers 0..39 once each, the same best everywhere', async () => {
    const url = await cluster.createDatabase('procs');
    // Each process holds its first trial until all four have one, so that all four take part.
    const runs = await Promise.all([0, 1, 2, 3].map(() => run(url, 'share', '40', '4')));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const storage = new PostgresStorage(url);
    const trials = await storage.getTrials('default');
    await storage.close();
    expect(trials.map((t) => t.number)).toEqual([...Array(40).keys()]);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    expect(new Set(trials.map((t) => t.owner!.pid))).toEqual(new Set(runs.map((r) => r.pid)));
    // The objective is (x - 0.3)^2: every value is that of its own params, and the best is the
    // table's smallest value.
    for (const t of trials) expect(t.value).toBeCloseTo(((t.params.x as number) - 0.3) ** 2, 12);
    const smallest = trials.reduce((a, b) => (b.value! < a.value! ? b : a));
    for (const r of runs) {
      expect(JSON.parse(r.last)).toEqual({
        pid: r.pid,
        finished: 40,
        best: { number: smallest.number, params: smallest.params, value: smallest.value },
      });
    }
  }, 120_000);
});

describe.skipIf(noPostgres === null)(`a PostgreSQL study across processes (skipped: ${noPostgres})`, () => {
  it('is skipped here', () => {});
});
