// SIGTERM to `descent search`: the running trial is marked failed ("interrupted"), the command exits
// 143 with one line, and its workers leave without an EPIPE stack trace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/search/node/storage/sqlite-storage.js';
import { tempDir, writeJson } from '../search-cli/helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'src', 'cli', 'main.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('descent search and SIGTERM', () => {
  it('marks the running trial failed, exits 143, and no worker prints a stack trace', async () => {
    const dir = tempDir('search-sig');
    writeJson(dir, 'base.json', {
      seed: 1, data: { source: 'digits', validation: 0.2 },
      model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 10 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1,
    });
    // Trials of 100000 epochs: the first is still running when the signal comes.
    const spec = writeJson(dir, 'spec.json', {
      base: 'base.json', space: { epochs: { choice: [100000, 100001] } }, method: { type: 'grid' }, objective: 'valAccuracy',
    });
    const child = spawn(process.execPath, ['--import', tsx, cli, 'search', spec, '--parallel', '1'], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DESCENT_BACKEND: 'cpu' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    // Waits (bounded) until the study file shows a running trial, then sends the signal.
    const file = join(dir, 'spec.study.sqlite');
    for (let i = 0; i < 600; i++) {
      await new Promise((done) => setTimeout(done, 50));
      if (!existsSync(file)) continue;
      const s = new SqliteStorage(file);
      try {
        if ((await s.listStudies()).includes('spec') && (await s.getTrials('spec')).some((t) => t.state === 'running')) break;
      } finally {
        await s.close();
      }
    }
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code, stdout + stderr).toBe(143);
    expect(stderr).toMatch(/search interrupted by SIGTERM; 1 running trial\(s\) marked failed/);
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    const storage = new SqliteStorage(join(dir, 'spec.study.sqlite'));
    try {
      const trials = await storage.getTrials('spec');
      expect(trials.map((t) => [t.number, t.state])).toEqual([[0, 'failed']]);
      expect(trials[0]!.error).toBe('interrupted by SIGTERM');
    } finally {
      await storage.close();
    }
  });
});
