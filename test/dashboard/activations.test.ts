// The activation maps endpoint on hand-made runs: a 1x1 convolution with known weights, a relu and a
// 2x2 max pool over 2x2 CSV images, so each map is max(0, w x' + b) with x' the pixels standardized by
// the statistics saved in the model file (set in conv-run.ts), the pool the largest of the four, and the
// prediction the larger pooled channel. Also: the validation split when there is no test set, the
// refusals (image out of range, a dense model, no model file, missing data) and a changed model file.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { type ActivationData, loadActivationData } from '../../src/dashboard/activation-data.js';
import { activationMaps } from '../../src/dashboard/activations.js';
import type { ActivationMaps, ApiError, RunSummary } from '../../src/dashboard/api.js';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { serializeModel } from '../../src/nn/serialize.js';
import { B, CONV_LAYERS, convConfig, convModel, csvSource, MEAN, STD, TEST_ROWS, W, writeImageCsvs, writeRun as writeRunIn } from './conv-run.js';
import { tempDir } from './fixtures.js';
import { get, getJson } from './http.js';

const root = tempDir('activations');
const runs = join(root, 'runs');

const csv = (file: string, shaped = true) => csvSource(root, file, shaped);
const base = { seed: 4, loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1 };
const TEST_CONFIG = convConfig(root);
const VAL_CONFIG = { ...base, name: 'val', data: { source: csv('train.csv'), validation: 0.4 }, model: CONV_LAYERS };
const writeRun = (name: string, config: object, model: string | null) => writeRunIn(runs, name, config, model);

let dash: Dashboard;
const ids = new Map<string, string>();

beforeAll(async () => {
  mkdirSync(runs, { recursive: true });
  writeImageCsvs(root);
  writeRun('conv', TEST_CONFIG, convModel());
  writeRun('val', VAL_CONFIG, convModel());
  writeRun('dense', { ...base, name: 'dense', data: { source: csv('train.csv', false) }, model: [{ type: 'linear', units: 2 }] }, serializeModel({
    config: [{ type: 'linear', units: 2 }], inputSize: 4,
    state: { 'layers.0.weight': { shape: [4, 2], data: [1, 0, 0, 1, 1, 0, 0, 1] }, 'layers.0.bias': { shape: [2], data: [0, 0] } },
    extras: { loss: 'softmaxCrossEntropy', classes: 2 },
  }));
  writeRun('untrained', TEST_CONFIG, null);
  writeRun('no-data', { ...TEST_CONFIG, data: { ...TEST_CONFIG.data, test: csv('gone.csv') } }, convModel());
  const ui = join(root, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>t</title>');
  dash = await startDashboard({ paths: [runs], port: 0, pollMs: 60_000, uiDir: ui });
  for (const r of await getJson<RunSummary[]>(dash.port, '/api/runs')) ids.set(r.dir.split('/').at(-1)!, r.id);
}, 60_000);

afterAll(async () => {
  await dash?.close();
});

const maps = (run: string, query = '') => getJson<ActivationMaps>(dash.port, `/api/runs/${ids.get(run)!}/activations${query}`);

/** The relu'd map of filter f over `pixels`, by the formula in the header. */
const reluMap = (pixels: readonly number[], f: number, w = W) => pixels.map((p) => Math.max(0, w[f]! * ((p - MEAN) / STD) + B[f]!));

describe('GET /api/runs/:id/activations', () => {
  it('gives the input, conv, relu and pool maps of a test image, as computed by hand', async () => {
    const a = await maps('conv', '?image=0');
    expect(a).toMatchObject({ image: 0, images: 3, split: 'test', label: 0, classNames: null });
    expect(a.layers.map((l) => l.name)).toEqual(['input', 'layers.0 conv2d', 'layers.1 relu', 'layers.2 maxPool2d']);
    expect(a.layers.map((l) => [l.channels, l.height, l.width])).toEqual([[1, 2, 2], [2, 2, 2], [2, 2, 2], [2, 1, 1]]);
    const [input, conv, relu, pool] = a.layers;
    // Pixels 3, 5, 1, -1 standardized with mean 1, std 2.
    expect(input!.maps[0]).toEqual([1, 2, 0, -1]);
    expect(conv!.maps[0]).toEqual([2.5, 4.5, 0.5, -1.5]);
    expect(conv!.maps[1]![0]).toBeCloseTo(-0.75, 6);
    expect(relu!.maps[0]).toEqual([2.5, 4.5, 0.5, 0]);
    expect(relu!.maps[1]!.map((v) => Number(v.toFixed(6)))).toEqual([0, 0, 0.25, 1.25]);
    expect(pool!.maps).toEqual([[4.5], [1.25]]);
    expect(a.predicted).toBe(0);
  });

  it('gives every test image its own maps, label and prediction', async () => {
    for (const [k, row] of TEST_ROWS.entries()) {
      const a = await maps('conv', `?image=${k}`);
      const relu = a.layers[2]!;
      for (const f of [0, 1]) {
        const expected = reluMap(row.pixels, f);
        relu.maps[f]!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
        expect(a.layers[3]!.maps[f]![0]).toBeCloseTo(Math.max(...expected), 6);
      }
      const pooled = [0, 1].map((f) => Math.max(...reluMap(row.pixels, f)));
      expect(a.label).toBe(row.label);
      expect(a.predicted).toBe(pooled[1]! > pooled[0]! ? 1 : 0);
    }
    // Image 1's second channel wins (2.25 > 0.5), unlike image 0's: both predictions occur.
    expect((await maps('conv', '?image=1')).predicted).toBe(1);
  });

  it('defaults to image 0', async () => {
    expect((await maps('conv')).layers[0]!.maps[0]).toEqual([1, 2, 0, -1]);
  });

  it('uses the validation split, as training split it, when the config has no test set', async () => {
    const exp = buildExperiment(parseTrainConfig(VAL_CONFIG, join(runs, 'val', 'config.json')));
    const val = exp.validation!.ds;
    expect(val.n).toBe(4);
    for (let k = 0; k < val.n; k++) {
      const a = await maps('val', `?image=${k}`);
      expect(a).toMatchObject({ split: 'validation', images: val.n, label: exp.validation!.labels![k] });
      const raw = Array.from(val.x.subarray(4 * k, 4 * k + 4));
      expect(a.layers[0]!.maps[0]).toEqual(raw.map((p) => (p - MEAN) / STD));
    }
  });

  it('refuses an image out of range or not a whole number with 400 and a JSON error', async () => {
    for (const q of ['?image=3', '?image=-1', '?image=1.5', '?image=abc', '?image=', '?image=99999999999999999999']) {
      const r = await get(dash.port, `/api/runs/${ids.get('conv')!}/activations${q}`);
      expect(r.status, q).toBe(400);
      expect((JSON.parse(r.body) as ApiError).error, q).toMatch(/image/);
    }
    const r = await get(dash.port, `/api/runs/${ids.get('conv')!}/activations?image=3`);
    expect((JSON.parse(r.body) as ApiError).error).toContain('3 images (0 to 2)');
  });

  it('answers 404 with a JSON error for a dense model, a run without model.json, an unknown run', async () => {
    const cases = [[ids.get('dense')!, /no image layers/], [ids.get('untrained')!, /no model\.json/], ['0123456789ab', /no such run/]] as const;
    for (const [id, message] of cases) {
      const r = await get(dash.port, `/api/runs/${id}/activations?image=0`);
      expect(r.status).toBe(404);
      expect((JSON.parse(r.body) as ApiError).error).toMatch(message);
    }
  });

  it('names the config field of missing data, never a path of the server', async () => {
    const r = await get(dash.port, `/api/runs/${ids.get('no-data')!}/activations?image=0`);
    expect(r.status).toBe(404);
    const { error } = JSON.parse(r.body) as ApiError;
    expect(error).toContain('data.test.path');
    expect(error).not.toContain(root);
  });

  it('sends the first channels of a layer past the cap, and says how many there are', () => {
    const data = loadActivationData(join(runs, 'val'), runs) as ActivationData;
    const conv = activationMaps(data, 0, 1).layers[1]!;
    expect([conv.channels, conv.maps.length]).toEqual([2, 1]);
  });

  it('reads a replaced model.json again', async () => {
    const dir = join(runs, 'conv');
    expect((await maps('conv')).layers[1]!.maps[0]![0]).toBe(2.5);
    writeFileSync(join(dir, 'model.json'), convModel([-3, 1]));
    const later = new Date(Date.now() + 10_000);
    utimesSync(join(dir, 'model.json'), later, later);
    const a = await maps('conv');
    // Pixel 3 standardized is 1: -3 * 1 + 0.5.
    expect(a.layers[1]!.maps[0]![0]).toBe(-2.5);
    expect(a.layers[2]!.maps[0]).toEqual(reluMap(TEST_ROWS[0]!.pixels, 0, [-3, 1]));
  });
});
