// `descent search` end to end, in-process through main() with trials in real worker processes:
// the example spec beats its base config, the outputs exist and parse, --json has the pinned
// shape, and re-running on the same study file continues it to the exact count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeBackend } from '../../src/backend/native/index.js';
import { main } from '../../src/cli/main.js';
import { loadTrainConfig, parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { trainFromConfig } from '../../src/config/node/train-run.js';
import { parseXml, type XmlElement } from '../plot/xml.js';
import { captureIO, objectiveModule, ROOT, tempDir, writeJson } from './helpers.js';

interface JsonTrial {
  number: number;
  state: string;
  params: Record<string, unknown>;
  value: number | null;
}
interface JsonOut {
  best: { params: Record<string, unknown>; value: number; trial: number } | null;
  trials: JsonTrial[];
  warnings: string[];
}

const SPEC = join(ROOT, 'examples/search-digits.json');

async function runSearch(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIO(ROOT);
  const code = await main(['search', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function all(e: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  return [...(pred(e) ? [e] : []), ...e.children.flatMap((c) => all(c, pred))];
}

describe('descent search examples/search-digits.json --trials 12 --parallel 2', () => {
  const dir = tempDir('search');
  const storage = join(dir, 'study.sqlite');
  let first: { code: number; stdout: string; stderr: string };
  let out: JsonOut;

  beforeAll(async () => {
    first = await runSearch([
      SPEC,
      '--trials',
      '12',
      '--parallel',
      '2',
      '--storage',
      storage,
      '--out',
      dir,
      '--json',
    ]);
    out = JSON.parse(first.stdout) as JsonOut;
  }, 60_000);

  it('prints the pinned JSON shape with 12 finished trials', () => {
    expect(first.code).toBe(0);
    expect(out.trials.filter((t) => t.state === 'complete' || t.state === 'pruned')).toHaveLength(
      12,
    );
    for (const t of out.trials) {
      expect(Object.keys(t)).toEqual(
        expect.arrayContaining(['number', 'state', 'params', 'value']),
      );
      expect(Object.keys(t.params).sort()).toEqual([
        'batchSize',
        'model.0.units',
        'model.2.rate',
        'optimizer.lr',
        'regularization.l2',
      ]);
    }
    const best = out.best!;
    const complete = out.trials.filter((t) => t.state === 'complete').map((t) => t.value!);
    expect(best.value).toBe(Math.max(...complete));
    expect(out.trials.find((t) => t.number === best.trial)!.params).toEqual(best.params);
  });

  it('has its workers train on the backend the CLI picked, each trial single-threaded', () => {
    const module = readFileSync(objectiveModule(dir), 'utf8');
    const expected = loadNativeBackend() === null ? 'cpu' : 'native';
    expect(module).toContain(`"backend":"${expected}"`);
  });

  it('finds an lr and l2 that beat the base config', async () => {
    const { config } = loadTrainConfig(join(ROOT, 'examples/search-digits-base.json'));
    const base = await trainFromConfig(config, { outDir: join(dir, 'base-run') });
    expect(base.valAccuracy!).toBeLessThan(0.5);
    expect(out.best!.value).toBeGreaterThan(base.valAccuracy! + 0.3);
  });

  it('writes best.json: a valid training config holding the best params', () => {
    const file = join(dir, 'best.json');
    const best = parseTrainConfig(JSON.parse(readFileSync(file, 'utf8')), file);
    const p = out.best!.params;
    expect(best.optimizer).toEqual({ type: 'sgd', lr: p['optimizer.lr'] });
    expect(best.regularization?.l2).toBe(p['regularization.l2']);
    expect(best.batchSize).toBe(p.batchSize);
    expect(best.model[0]).toEqual({ type: 'linear', units: p['model.0.units'], init: 'he' });
    expect(best.epochs).toBe(3);
  });

  it('writes search.svg: XML with one point per finished trial', () => {
    const root = parseXml(readFileSync(join(dir, 'search.svg'), 'utf8'));
    const panel = all(root, (e) => e.attrs['data-panel'] === 'trials')[0]!;
    const dots = all(
      panel,
      (e) =>
        e.name === 'g' &&
        (e.attrs['data-series'] === 'complete' || e.attrs['data-series'] === 'pruned'),
    ).flatMap((g) => all(g, (e) => e.name === 'circle'));
    expect(dots).toHaveLength(12);
    expect(all(root, (e) => e.attrs['data-panel'] !== undefined)).toHaveLength(6);
  });

  it('continues the study on the same storage to exactly the new count', async () => {
    const again = await runSearch([
      SPEC,
      '--trials',
      '14',
      '--parallel',
      '2',
      '--storage',
      storage,
      '--out',
      dir,
    ]);
    expect(again.code).toBe(0);
    // Progress lines only for the two new trials; then a leaderboard.
    expect(again.stdout.match(/^trial +\d+ /gm)).toHaveLength(2);
    expect(again.stdout).toContain('Leaderboard (valAccuracy, higher is better)');
    expect(again.stdout).toContain('14 trials finished');
    const json = JSON.parse(
      (await runSearch([SPEC, '--trials', '14', '--storage', storage, '--out', dir, '--json']))
        .stdout,
    ) as JsonOut;
    const finished = json.trials.filter((t) => t.state === 'complete' || t.state === 'pruned');
    expect(finished).toHaveLength(14);
    expect(json.trials.slice(0, out.trials.length)).toEqual(out.trials);
  }, 60_000);
});

describe('descent search warnings', () => {
  it('warns when the best value lies at the edge of its range (a 3-point grid over lr)', async () => {
    const dir = tempDir('search-edge');
    const spec = writeJson(dir, 'edge.json', {
      base: join(ROOT, 'examples/search-digits-base.json'),
      space: { 'optimizer.lr': { logUniform: [1e-3, 1e-1] } },
      method: { type: 'grid', points: 3 },
      objective: 'valAccuracy',
    });
    const run = await runSearch([spec, '--parallel', '1', '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as JsonOut;
    const lrs = json.trials.map((t) => t.params['optimizer.lr'] as number).sort((a, b) => a - b);
    [0.001, 0.01, 0.1].forEach((lr, i) => expect(lrs[i]).toBeCloseTo(lr, 12));
    expect(json.best!.params['optimizer.lr']).toBeCloseTo(0.1, 12);
    expect(run.stderr).toContain('warning: optimizer.lr: the best value');
    expect(run.stderr).toContain('high edge');
    // Defaults: the study file and the output folder sit next to the spec, named after it.
    expect(readFileSync(join(dir, 'edge.study.sqlite')).length).toBeGreaterThan(0);
    expect(
      JSON.parse(readFileSync(join(dir, 'edge', 'best.json'), 'utf8')).optimizer.lr,
    ).toBeCloseTo(0.1, 12);
  }, 60_000);
});
