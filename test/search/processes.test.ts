// Studies across processes: a killed study resumes, two processes share one study file, trials run in
// worker processes (reports and prune questions over IPC, crashes recorded as failed).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { Pruner } from '../../src/search/pruners/pruner.js';
import { search } from '../../src/search/node/search.js';
import { uniform } from '../../src/search/space.js';
import { SqliteStorage } from '../../src/search/node/storage/sqlite-storage.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const runStudy = join(here, 'fixtures', 'run-study.ts');
const objectives = join(here, 'fixtures', 'objectives.mjs');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const tmpFile = (): string => join(mkdtempSync(join(tmpdir(), 'descent-proc-')), 'study.db');
const space = { x: uniform(0, 1) };

function start(...args: string[]): {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', tsx, runStudy, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

function waitForLine(lines: string[], child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (lines.includes(text)) resolve();
      else if (child.exitCode !== null)
        reject(new Error(`child exited (${child.exitCode}) before printing ${text}`));
      else setTimeout(check, 20);
    };
    check();
  });
}

describe('a study across processes', () => {
  it('resumes after SIGKILL mid-trial: nothing finished is lost or duplicated, the stale trial fails', async () => {
    const file = tmpFile();
    const run = start(file, 'hang', '6');
    await waitForLine(run.lines, run.child, 'RUNNING 3');
    run.child.kill('SIGKILL');
    await run.exited;
    const peek = new SqliteStorage(file);
    const before = await peek.getTrials('default');
    await peek.close();
    expect(before.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'running']);

    const resumed = await search({
      space,
      storage: file,
      trials: 6,
      method: 'random',
      objective: (p) => ((p.x as number) - 0.3) ** 2,
    });
    expect(resumed.trials.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(resumed.trials[3]).toMatchObject({
      state: 'failed',
      error: expect.stringContaining(`process ${run.child.pid}`),
    });
    expect(resumed.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(resumed.finished).toBe(6);
    expect(resumed.trials.filter((t) => t.state === 'running')).toEqual([]);
  });

  it('two processes share one study file and finish exactly the requested total', async () => {
    const file = tmpFile();
    const a = start(file, 'share', '20');
    const b = start(file, 'share', '20');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    for (const run of [a, b]) expect(JSON.parse(run.lines.at(-1)!)).toMatchObject({ finished: 20 });
    const peek = new SqliteStorage(file);
    const trials = await peek.getTrials('default');
    await peek.close();
    expect(trials.map((t) => t.number)).toEqual([...Array(20).keys()]);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    const owners = new Set(trials.map((t) => t.owner!.pid));
    expect(owners).toEqual(new Set([a.child.pid, b.child.pid]));
  });
});

describe('worker processes', () => {
  it('carries reports, prune questions and errors over IPC, and records a crashed worker as failed', async () => {
    // Prune any trial whose last report exceeds 100 (the fixture reports 1000 when x > 0.5).
    const pruner: Pruner = {
      name: 'over100',
      prune: ({ trial }) => trial.intermediate.at(-1)!.value > 100,
    };
    const result = await search({
      // Seed 2 draws x = 0.93, -, 0.44, 0.77, 0.15, 0.06, 0.95, 0.12 for trials 0..7.
      space,
      trials: 6,
      parallel: 2,
      method: 'random',
      seed: 2,
      pruner,
      maxFailures: 3,
      objective: { module: pathToFileURL(objectives).href, export: 'curve' },
    });
    expect(result.finished).toBe(6);
    expect(result.trials[1]).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/worker process \(pid \d+\) exited with code 1/),
    });
    for (const t of result.trials) {
      const x = t.params.x as number;
      if (t.number === 1) continue;
      if (t.number === 2) {
        expect(t).toMatchObject({
          state: 'failed',
          intermediate: [1, 2, 3].map((step) => ({ step, value: x })),
        });
        expect(t.error).toContain('objective failed on purpose');
      } else if (x > 0.5) {
        expect(t).toMatchObject({
          state: 'pruned',
          value: 1000,
          intermediate: [{ step: 1, value: 1000 }],
        });
      } else {
        expect(t).toMatchObject({
          state: 'complete',
          value: x,
          intermediate: [1, 2, 3].map((step) => ({ step, value: x })),
        });
      }
    }
    expect(result.trials.map((t) => t.state)).toEqual([
      'pruned',
      'failed',
      'failed',
      'pruned',
      'complete',
      'complete',
      'pruned',
      'complete',
    ]);
  });

  it('stops with a ConfigError when the objective export does not exist', async () => {
    const run = search({
      space,
      trials: 2,
      parallel: 1,
      objective: { module: objectives, export: 'nope' },
    });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/no function export "nope"/);
  });
});
