// A 20k-epoch full-batch run (one step per epoch) through the server: every series, the per-epoch
// ones included, comes back thinned, so `/api/runs/:id?points=100` stays small while keeping the
// first and last epochs, the best one and a one-epoch spike.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, RunSummary } from '../../src/dashboard/api.js';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { thinColumns } from '../../src/dashboard/thin-columns.js';
import { tempDir } from './fixtures.js';
import { get, getJson } from './http.js';

const EPOCHS = 20_000;
const BEST = 13_579;
const SPIKE = 7_777;
const PARAMS = ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias'];

/** Validation accuracy: rising to 0.9 at BEST, a little lower after (so BEST is the maximum). */
const valAccuracy = (e: number) => (e === BEST ? 0.95 : 0.9 - 0.5 / e - (e > BEST ? 0.01 : 0));

function writeLongRun(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const lines = [JSON.stringify({ type: 'start', time: '', name: 'long', config: {}, parameters: 1, trainSize: 100, valSize: 20, testSize: 0, stepsPerEpoch: 1, backend: 'cpu' })];
  for (let e = 1; e <= EPOCHS; e++) {
    const ratio = e === SPIKE ? 0.5 : 1e-3 * (1 + Math.sin(e / 50) / 10);
    lines.push(
      JSON.stringify({ type: 'iteration', step: e, t: e, loss: 1 / Math.sqrt(e) + 0.123456789, lr: 0.01 }),
      JSON.stringify({
        type: 'epoch', epoch: e, step: e, seconds: 0.001234, lr: 0.01,
        trainLoss: 1 / Math.sqrt(e) + 0.123456789, trainAccuracy: 0.9 - 0.4 / e, valLoss: 1 / Math.sqrt(e) + 0.2345678, valAccuracy: valAccuracy(e),
        updateRatios: Object.fromEntries(PARAMS.map((p) => [p, ratio])), deadRelu: { 'layers.1': 0.05 + 0.01 * Math.cos(e / 100) },
      }),
    );
  }
  lines.push(JSON.stringify({ type: 'end', status: 'finished', epochs: EPOCHS, seconds: 30 }));
  writeFileSync(join(dir, 'metrics.jsonl'), `${lines.join('\n')}\n`);
}

let dash: Dashboard;
let id: string;

beforeAll(async () => {
  const root = tempDir('long-epochs');
  writeLongRun(join(root, 'runs', 'long'));
  const ui = join(root, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>t</title>');
  dash = await startDashboard({ paths: [join(root, 'runs')], port: 0, pollMs: 60_000, uiDir: ui });
  id = (await getJson<RunSummary[]>(dash.port, '/api/runs'))[0]!.id;
}, 60_000);

afterAll(async () => {
  await dash.close();
});

describe('a 20k-epoch run', () => {
  it('answers ?points=100 in under 100 kB, every series thinned', async () => {
    const reply = await get(dash.port, `/api/runs/${id}?points=100`);
    expect(reply.status).toBe(200);
    expect(Buffer.byteLength(reply.body)).toBeLessThan(100_000);
    const d = JSON.parse(reply.body) as RunDetail;
    expect(d.summary.epochs).toBe(EPOCHS);
    for (const s of [d.loss, d.lr, d.epochs, d.updateRatios, d.deadRelu]) {
      expect(s.x.length).toBeLessThanOrEqual(100 + 2);
      for (const column of Object.values(s.y)) expect(column).toHaveLength(s.x.length);
    }
  });

  it('keeps the first and last epochs, the best validation accuracy, the lowest loss and a ratio spike', async () => {
    const d = await getJson<RunDetail>(dash.port, `/api/runs/${id}?points=100`);
    for (const s of [d.epochs, d.updateRatios, d.deadRelu]) {
      expect(s.x[0]).toBe(1);
      expect(s.x.at(-1)).toBe(EPOCHS);
      for (let i = 1; i < s.x.length; i++) expect(s.x[i]!).toBeGreaterThan(s.x[i - 1]!);
    }
    const best = d.epochs.x.indexOf(BEST);
    expect(best).toBeGreaterThan(0);
    expect(d.epochs.y.valAccuracy![best]).toBe(0.95);
    expect(d.summary.bestValAccuracy).toBe(0.95);
    // The losses fall all the way: the lowest is the last epoch's.
    expect(d.epochs.y.valLoss!.at(-1)).toBe(1 / Math.sqrt(EPOCHS) + 0.2345678);
    const spike = d.updateRatios.x.indexOf(SPIKE);
    expect(spike).toBeGreaterThan(0);
    for (const p of PARAMS) expect(d.updateRatios.y[p]![spike]).toBe(0.5);
  });
});

describe('thinColumns', () => {
  it('returns a short table whole, with missing and non-finite values as gaps', () => {
    expect(thinColumns([1, 2, 3], { a: [0.5, undefined, 0.9], b: [Number.NaN, 2, null] }, 100)).toEqual({
      x: [1, 2, 3],
      y: { a: [0.5, null, 0.9], b: [null, 2, null] },
    });
  });

  it('keeps each column\'s own extremes when thinning: union of the rows each column needs', () => {
    // 40 rows, 2 columns, 8 points: each column gets 4 (one bucket: first, min, max, last).
    const xs = Array.from({ length: 40 }, (_, i) => i + 1);
    const a = xs.map((x) => (x === 10 ? 100 : x === 30 ? -100 : 0));
    const b = xs.map((x) => (x === 20 ? 7 : 1));
    const t = thinColumns(xs, { a, b }, 8);
    expect(t.x).toEqual([1, 10, 20, 30, 40]);
    expect(t.y).toEqual({ a: [0, 100, 0, -100, 0], b: [1, 1, 7, 1, 1] });
  });
});
