// The dashboard's JSON API against a real run directory (trained here) and a real study file:
// response shapes, downsampling, first-layer images, corrupt logs, live events and refusals.
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, RunSummary, StudyDetail, StudySummary, WeightsImages } from '../../src/dashboard/api.js';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { makeRun, makeStudy, tempDir } from './fixtures.js';
import { get, getJson, nextEvent } from './http.js';

interface Line {
  type: string;
  step?: number;
  loss?: number;
  valAccuracy?: number;
}

let root: string;
let dash: Dashboard;
let runs: RunSummary[];
const byName = (name: string) => runs.find((r) => r.name === name)!;
const lines = (dir: string): Line[] =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.startsWith('{')).flatMap((l) => {
    try {
      return [JSON.parse(l) as Line];
    } catch {
      return [];
    }
  });

beforeAll(async () => {
  root = tempDir('api');
  const good = join(root, 'runs', 'digits');
  await makeRun(good);
  await makeStudy(join(root, 'runs', 'search', 'study.db'));
  // A damaged copy: a garbage line in the middle and a torn (unterminated) last line.
  const broken = join(root, 'runs', 'broken');
  cpSync(good, broken, { recursive: true });
  const text = readFileSync(join(broken, 'metrics.jsonl'), 'utf8').split('\n');
  text.splice(3, 0, '{"type":"iteration", this is not json');
  const start = JSON.parse(text[0]!) as Record<string, unknown>;
  text[0] = JSON.stringify({ ...start, name: 'broken' });
  writeFileSync(join(broken, 'metrics.jsonl'), `${text.join('\n')}{"type":"iter`);
  // A blank, empty UI folder: these tests are about the API, the browser test covers the page.
  const ui = join(root, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>t</title>');
  dash = await startDashboard({ paths: [join(root, 'runs')], port: 0, pollMs: 40, uiDir: ui });
  runs = await getJson<RunSummary[]>(dash.port, '/api/runs');
}, 60_000);

afterAll(async () => {
  await dash.close();
});

describe('runs API', () => {
  it('lists each run with status, best validation accuracy, epochs and iterations', () => {
    expect(runs.map((r) => r.name).sort()).toEqual(['broken', 'digits-fixture']);
    const r = byName('digits-fixture');
    const events = lines(join(root, 'runs', 'digits'));
    const best = Math.max(...events.filter((e) => e.type === 'epoch').map((e) => e.valAccuracy!));
    expect(r.status).toBe('finished');
    expect(r.epochs).toBe(2);
    expect(r.bestValAccuracy).toBe(best);
    // 1797 digits, 20% held out -> 1438 training examples, 23 batches of 64 per epoch.
    expect(r.iterations).toBe(2 * Math.ceil(1438 / 64));
    expect(r.problems).toEqual([]);
    expect(r.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reports a corrupt line as a problem (not a crash) and ignores a torn last line', () => {
    const r = byName('broken');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.line).toBe(4);
    expect(r.iterations).toBe(2 * 23);
  });

  it('returns every series of a run, with the loss downsampled keeping first, last, min and max', async () => {
    const r = byName('digits-fixture');
    const d = await getJson<RunDetail>(dash.port, `/api/runs/${r.id}?points=16`);
    const raw = lines(join(root, 'runs', 'digits')).filter((e) => e.type === 'iteration');
    const losses = raw.map((e) => e.loss!);
    expect(d.lossPoints).toBe(46);
    expect(d.loss.x.length).toBeLessThanOrEqual(16);
    expect(d.loss.x.length).toBe(d.loss.y.loss!.length);
    expect(d.loss.x[0]).toBe(raw[0]!.step);
    expect(d.loss.x.at(-1)).toBe(raw.at(-1)!.step);
    expect(Math.min(...(d.loss.y.loss as number[]))).toBe(Math.min(...losses));
    expect(Math.max(...(d.loss.y.loss as number[]))).toBe(Math.max(...losses));
    expect(d.epochs.x).toEqual([1, 2]);
    expect(Object.keys(d.epochs.y).sort()).toEqual(['trainAccuracy', 'trainLoss', 'valAccuracy', 'valLoss']);
    // Two linear layers: a weight and a bias each; one relu layer.
    expect(Object.keys(d.updateRatios.y)).toHaveLength(4);
    expect(Object.keys(d.deadRelu.y)).toHaveLength(1);
    expect(d.lr.y.lr!.every((v) => v === 0.003)).toBe(true);
    expect((d.config as { epochs: number }).epochs).toBe(2);
    expect(d.doctor).toBeNull();
    expect(d.hasWeights).toBe(true);
  });

  it('shows the doctor report when doctor.json appears', async () => {
    const r = byName('digits-fixture');
    const checks = [{ name: 'initial loss', status: 'pass', value: '2.31', expected: 'ln 10 = 2.30', hint: 'ok' }];
    writeFileSync(join(root, 'runs', 'digits', 'doctor.json'), JSON.stringify({ checks }));
    const d = await getJson<RunDetail>(dash.port, `/api/runs/${r.id}`);
    expect(d.doctor).toEqual({ checks });
  });

  it('gives each hidden unit of the first layer as an 8x8 image for digits', async () => {
    const r = byName('digits-fixture');
    const w = await getJson<WeightsImages>(dash.port, `/api/runs/${r.id}/weights`);
    expect([w.width, w.height, w.units.length]).toEqual([8, 8, 32]);
    expect(w.units.every((u) => u.length === 64)).toBe(true);
    // Column j of the (64, 32) weight, read straight from model.json's base64 float32 values.
    const model = JSON.parse(readFileSync(join(root, 'runs', 'digits', 'model.json'), 'utf8')) as {
      tensors: { name: string; shape: number[]; data: string }[];
    };
    const t = model.tensors.find((x) => x.name === w.parameter)!;
    const bytes = Buffer.from(t.data, 'base64');
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    expect(w.units[5]![7]).toBe(values[7 * 32 + 5]);
  });
});

describe('search API', () => {
  it('lists the study and its trials with the dimensions drawn the right way', async () => {
    const studies = await getJson<StudySummary[]>(dash.port, '/api/studies');
    expect(studies).toHaveLength(1);
    const s = await getJson<StudyDetail>(dash.port, `/api/studies/${studies[0]!.id}`);
    expect(s.trials).toHaveLength(12);
    expect(s.summary.direction).toBe('minimize');
    expect(s.summary.best).toBe(Math.min(...s.trials.map((t) => t.value!)));
    const kinds = Object.fromEntries(s.dimensions.map((d) => [d.name, d.kind]));
    expect(kinds).toEqual({ lr: 'log', units: 'categorical', dropout: 'linear' });
    for (const t of s.trials) {
      const p = t.params as { lr: number; units: number; dropout: number };
      expect(t.value).toBeCloseTo((Math.log10(p.lr) + 2) ** 2 + p.dropout + (p.units === 32 ? 0 : 0.5), 12);
      expect(t.state).toBe('complete');
    }
  });
});

describe('live events', () => {
  it('pushes a run event when a line is appended to metrics.jsonl', async () => {
    const r = byName('digits-fixture');
    const file = join(root, 'runs', 'digits', 'metrics.jsonl');
    const event = await nextEvent<{ type: string; id?: string }>(
      dash.port,
      (e) => e.type === 'run' && e.id === r.id,
      () => appendFileSync(file, `${JSON.stringify({ type: 'iteration', step: 47, t: 2, loss: 0.01, lr: 0.003 })}\n`),
    );
    expect(event).toEqual({ type: 'run', id: r.id });
    const d = await getJson<RunDetail>(dash.port, `/api/runs/${r.id}`);
    expect(d.lossPoints).toBe(47);
    expect(d.loss.x.at(-1)).toBe(47);
  });
});

describe('refusals', () => {
  it('serves a run file, and refuses traversal, other hosts, other methods and unknown paths', async () => {
    const id = byName('digits-fixture').id;
    expect((await get(dash.port, `/files/${id}/config.json`)).status).toBe(200);
    expect((await get(dash.port, `/files/${id}/../../../../etc/passwd`)).status).toBe(403);
    expect((await get(dash.port, `/files/${id}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(403);
    expect((await get(dash.port, `/files/${id}/..%2f..%2fetc%2fpasswd`)).status).toBe(403);
    expect((await get(dash.port, `/files/${id}/nope.json`)).status).toBe(404);
    expect((await get(dash.port, '/files/000000000000/config.json')).status).toBe(404);
    expect((await get(dash.port, '/etc/passwd')).status).toBe(404);
    expect((await get(dash.port, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(403);
    expect((await get(dash.port, '/api/runs/zzz')).status).toBe(404);
    expect((await get(dash.port, '/api/runs', { host: 'evil.example:80' })).status).toBe(403);
    expect((await get(dash.port, '/api/runs', { method: 'POST' })).status).toBe(405);
    expect((await get(dash.port, '/')).status).toBe(200);
  });
});
