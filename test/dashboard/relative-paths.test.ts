// The API names runs and study files by the served folder's name and the path inside it, never by
// the absolute path on the server: a page (or anyone who can reach the port) learns nothing about
// the server's file system beyond the names it was given.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary, StudySummary } from '../../src/dashboard/api.js';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { makeStudy, tempDir } from './fixtures.js';
import { get } from './http.js';

const log = (name: string) =>
  `${JSON.stringify({ type: 'start', time: '', name, config: { epochs: 1 }, parameters: 1, trainSize: 1, valSize: 0, testSize: 0, stepsPerEpoch: 1, backend: 'cpu' })}\n`;

let base: string;
let dash: Dashboard | undefined;
let port = 0;

beforeAll(async () => {
  base = tempDir('relative');
  for (const dir of [join(base, 'runs', 'a'), join(base, 'runs', 'search', 'trial-0'), join(base, 'solo')]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'metrics.jsonl'), log(dir.slice(base.length + 1)));
  }
  await makeStudy(join(base, 'runs', 'search', 'study.db'));
  await makeStudy(join(base, 'extra', 'other.db'));
  const ui = join(base, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>t</title>');
  // As the CLI passes them: absolute paths, a folder of runs, a run directory, a study file.
  dash = await startDashboard({ paths: [join(base, 'runs'), join(base, 'solo'), join(base, 'extra', 'other.db')], port: 0, pollMs: 60_000, uiDir: ui });
  port = dash.port;
}, 60_000);

afterAll(async () => {
  await dash?.close();
});

/** The body of a 200 answer, which must not contain the temp root's absolute path (either spelling). */
async function body(path: string): Promise<string> {
  const reply = await get(port, path);
  expect(reply.status, path).toBe(200);
  for (const abs of new Set([base, realpathSync(base)])) expect(reply.body, path).not.toContain(abs);
  return reply.body;
}

describe('paths in API answers', () => {
  it('lists runs by the served folder name and the path inside it', async () => {
    const runs = JSON.parse(await body('/api/runs')) as RunSummary[];
    expect(runs.map((r) => r.dir).sort()).toEqual(['runs/a', 'runs/search/trial-0', 'solo']);
    for (const r of runs) expect(r.dir.startsWith('/')).toBe(false);
    for (const r of runs) await body(`/api/runs/${r.id}`);
  });

  it('lists study files the same way', async () => {
    const studies = JSON.parse(await body('/api/studies')) as StudySummary[];
    expect(studies.map((s) => s.file).sort()).toEqual(['extra/other.db', 'runs/search/study.db']);
    for (const s of studies) await body(`/api/studies/${s.id}`);
  });
});
