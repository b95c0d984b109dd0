// Trials per second of `descent search` on a trivial objective, by storage and number of worker
// processes: memory (one process), SQLite (a file on this machine) and PostgreSQL (a throwaway
// cluster on 127.0.0.1, test/helpers/postgres-cluster.ts). The rate is measured from the table
// (first trial start to last trial end), so process start-up is left out; with one worker, its
// inverse is the storage's claim + write overhead per trial.
//   npx tsx bench/search-storage/run.ts [--trials 200] [--workers 1,4,16] [--tpe 1000]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { search } from '../../src/search/node/search.js';
import { uniform } from '../../src/search/space.js';
import { openStorage } from '../../src/search/node/storage/open-storage.js';
import type { TrialRecord } from '../../src/search/trial.js';
import { startPostgresCluster } from '../../test/helpers/postgres-cluster.js';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '200' }, workers: { type: 'string', default: '1,4,16' }, tpe: { type: 'string', default: '1000' } } });
const trials = Number(values.trials);
const workerCounts = values.workers.split(',').map(Number);
const tpeTrials = Number(values.tpe);
const worker = fileURLToPath(new URL('worker.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function rate(table: readonly TrialRecord[]): { perSecond: number; msPerTrial: number } {
  const start = Math.min(...table.map((t) => t.startedAt));
  const end = Math.max(...table.map((t) => t.finishedAt ?? t.startedAt));
  const seconds = (end - start) / 1000;
  return { perSecond: table.length / seconds, msPerTrial: (seconds * 1000) / table.length };
}

async function processes(location: string, count: number, n: number, method: string): Promise<TrialRecord[]> {
  const children = Array.from({ length: count }, () => spawn(process.execPath, ['--import', tsx, worker, location, String(n), method], { stdio: ['pipe', 'pipe', 'inherit'] }));
  await Promise.all(children.map((c) => new Promise<void>((resolve) => {
    let out = '';
    c.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('READY\n')) resolve();
    });
  })));
  const exits = children.map((c) => new Promise((resolve) => c.on('exit', resolve)));
  for (const c of children) c.stdin.end('go\n');
  const codes = await Promise.all(exits);
  if (codes.some((c) => c !== 0)) throw new Error(`a worker failed: ${codes.join(', ')}`);
  const storage = openStorage(location);
  const table = await storage.getTrials('default');
  await storage.close();
  if (table.length !== n || new Set(table.map((t) => t.number)).size !== n) throw new Error(`expected ${n} trials, got ${table.length}`);
  return table;
}

const rows: Record<string, unknown>[] = [];
const record = (storage: string, method: string, workers: number, n: number, table: readonly TrialRecord[]): void => {
  const r = rate(table);
  rows.push({ storage, method, workers, trials: n, perSecond: Number(r.perSecond.toFixed(1)), msPerTrial: Number(r.msPerTrial.toFixed(2)) });
  process.stdout.write(`${storage.padEnd(10)} ${method.padEnd(6)} ${String(workers).padStart(2)} workers ${String(n).padStart(5)} trials: ${r.perSecond.toFixed(1).padStart(8)} trials/s (${r.msPerTrial.toFixed(2)} ms/trial)\n`);
};

const memory = await search({ space: { x: uniform(0, 1), y: uniform(0, 1) }, trials, method: 'random', seed: 1, objective: (p) => (p.x as number) + (p.y as number) });
record('memory', 'random', 1, trials, memory.trials);

const dir = mkdtempSync(join(tmpdir(), 'descent-bench-'));
const cluster = await startPostgresCluster();
try {
  for (const count of workerCounts) {
    record('sqlite', 'random', count, trials, await processes(join(dir, `random-${count}.sqlite`), count, trials, 'random'));
    record('postgresql', 'random', count, trials, await processes(await cluster.createDatabase('bench'), count, trials, 'random'));
  }
  if (tpeTrials > 0) {
    for (const count of [1, 4]) {
      record('sqlite', 'tpe', count, tpeTrials, await processes(join(dir, `tpe-${count}.sqlite`), count, tpeTrials, 'tpe'));
      record('postgresql', 'tpe', count, tpeTrials, await processes(await cluster.createDatabase('bench'), count, tpeTrials, 'tpe'));
    }
  }
} finally {
  await cluster.remove();
}
process.stdout.write(`${JSON.stringify({ bench: 'search-storage', rows })}\n`);
