// Symbolic links inside a served folder: one that stays inside the folder is followed, one that
// leaves it (a linked run folder, a linked metrics.jsonl, config.json or study file, a linked file
// or folder asked for by URL) is left out of every answer and asked-for files get 404.
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, RunSummary, StudySummary } from '../../src/dashboard/api.js';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { findSources } from '../../src/dashboard/find-sources.js';
import { tempDir } from './fixtures.js';
import { get, getJson } from './http.js';

/** Written only into files outside the served folder. */
const SECRET = 'SECRET-4b1e-outside-the-root';

/** A one-line run log whose start event names the run `name` with config `config`. */
const log = (name: string, config: unknown = {}) =>
  `${JSON.stringify({ type: 'start', time: '', name, config, parameters: 1, trainSize: 1, valSize: 0, testSize: 0, stepsPerEpoch: 1, backend: 'cpu' })}\n`;

let base: string;
let dash: Dashboard | undefined;
let port = 0;
let runs: RunSummary[];
const idOf = (name: string) => runs.find((r) => r.name === name)?.id;

beforeAll(async () => {
  // base/runs is served; base/outside lies beside it.
  base = realpathSync(tempDir('links'));
  const served = join(base, 'runs');
  const outside = join(base, 'outside');
  mkdirSync(join(outside, 'run'), { recursive: true });
  writeFileSync(join(outside, 'run', 'metrics.jsonl'), log('outside-run'));
  writeFileSync(join(outside, 'run', 'config.json'), JSON.stringify({ secret: SECRET }));
  writeFileSync(join(outside, 'secret.jsonl'), log('secret-run', { secret: SECRET }));
  writeFileSync(join(outside, 'secret.json'), JSON.stringify({ secret: SECRET }));
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  // Enough of a study file for the scan to take it (the two tables it looks for).
  const db = new Database(join(outside, 'study.db'));
  db.exec('CREATE TABLE studies (x INTEGER); CREATE TABLE trials (x INTEGER)');
  db.close();

  // A plain run, with links to a file and a folder outside, and a link to a file inside.
  const a = join(served, 'a');
  mkdirSync(join(a, 'sub'), { recursive: true });
  writeFileSync(join(a, 'metrics.jsonl'), log('a', { from: 'start event' }));
  writeFileSync(join(a, 'config.json'), JSON.stringify({ from: 'a' }));
  writeFileSync(join(a, 'sub', 'notes.txt'), 'inside');
  symlinkSync(join(outside, 'secret.txt'), join(a, 'leak.txt'));
  symlinkSync(outside, join(a, 'out'));
  symlinkSync(join(a, 'sub', 'notes.txt'), join(a, 'notes-link.txt'));
  // Escaping by a folder link: the whole run folder is elsewhere.
  symlinkSync(join(outside, 'run'), join(served, 'evil'));
  // Escaping by a file link: the run log itself is elsewhere.
  mkdirSync(join(served, 'b'));
  symlinkSync(join(outside, 'secret.jsonl'), join(served, 'b', 'metrics.jsonl'));
  // A run of its own whose config.json is elsewhere: the run shows, its config from the log.
  mkdirSync(join(served, 'c'));
  writeFileSync(join(served, 'c', 'metrics.jsonl'), log('c', { from: 'start event' }));
  symlinkSync(join(outside, 'secret.json'), join(served, 'c', 'config.json'));
  // A study file elsewhere.
  mkdirSync(join(served, 'search'));
  symlinkSync(join(outside, 'study.db'), join(served, 'search', 'study.db'));
  // A link that stays inside: a hidden (not scanned) folder reached through a visible name.
  mkdirSync(join(served, '.store', 'z'), { recursive: true });
  writeFileSync(join(served, '.store', 'z', 'metrics.jsonl'), log('z'));
  writeFileSync(join(served, '.store', 'z', 'config.json'), JSON.stringify({ from: 'z' }));
  symlinkSync(join(served, '.store', 'z'), join(served, 'z'));

  const ui = join(base, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>t</title>');
  dash = await startDashboard({ paths: [served], port: 0, pollMs: 60_000, uiDir: ui });
  port = dash.port;
  runs = await getJson<RunSummary[]>(port, '/api/runs');
}, 60_000);

afterAll(async () => {
  await dash?.close();
});

describe('symbolic links in a served folder', () => {
  it('lists the runs inside, including one reached through an inside link, and none from outside', () => {
    expect(runs.map((r) => r.name).sort()).toEqual(['a', 'c', 'z']);
  });

  it('leaves out a study file linked from outside', async () => {
    expect(findSources([join(base, 'runs')]).studies).toEqual([]);
    expect(await getJson<StudySummary[]>(port, '/api/studies')).toEqual([]);
  });

  it('reads a run config.json only when it lies inside', async () => {
    const c = await getJson<RunDetail>(port, `/api/runs/${idOf('c')}`);
    expect(c.config).toEqual({ from: 'start event' });
    const z = await getJson<RunDetail>(port, `/api/runs/${idOf('z')}`);
    expect(z.config).toEqual({ from: 'z' });
  });

  it('answers 404, naming no path, for files reached through a link that leaves the folder', async () => {
    const a = idOf('a')!;
    for (const path of [`/files/${a}/leak.txt`, `/files/${a}/out/secret.txt`, `/files/${a}/out/run/config.json`, `/files/${idOf('c')}/config.json`]) {
      const reply = await get(port, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain(SECRET);
      expect(reply.body, path).not.toContain(base);
    }
  });

  it('serves files reached through links that stay inside', async () => {
    expect(await get(port, `/files/${idOf('a')}/notes-link.txt`)).toEqual({ status: 200, body: 'inside' });
    expect(await get(port, `/files/${idOf('z')}/config.json`)).toEqual({ status: 200, body: JSON.stringify({ from: 'z' }) });
  });
});
