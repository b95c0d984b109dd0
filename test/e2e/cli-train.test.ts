// `descent train` and `descent predict` end to end, in-process through main(argv, io): the run
// directory and its files, the --json summary, the curves, predict reproducing the training
// accuracy, and the exit code and message of each kind of bad input.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { findAll, parseXml, polylinePoints } from '../plot/xml.js';
import { captureIO, example, tempDir, writeCsv, writeJson } from './helpers.js';

const EPOCHS = 300;
const dir = tempDir('cli-train');
const configFile = writeJson(dir, 'spiral.json', example('spiral.json', { epochs: EPOCHS }));
let code: number;
let summary: Record<string, unknown>;
let trainStderr: string;

beforeAll(async () => {
  const io = captureIO(dir);
  code = await main(['train', 'spiral.json', '--json', '--out', 'run'], io);
  trainStderr = io.stderr;
  summary = JSON.parse(io.stdout) as Record<string, unknown>;
  // The exact training rows: the same config builds the same data (seeded), written out as CSV.
  const exp = buildExperiment(parseTrainConfig(example('spiral.json'), configFile));
  writeCsv(join(dir, 'spiral.csv'), exp.train.ds);
});

/** Runs the CLI in `dir`; returns the code and what it printed. */
async function run(...argv: string[]) {
  const io = captureIO(dir);
  const status = await main(argv, io);
  return { code: status, stdout: io.stdout, stderr: io.stderr };
}

describe('descent train --json', () => {
  it('exits 0 and prints a parseable summary', () => {
    expect(code, trainStderr).toBe(0);
    expect(summary.epochs).toBe(EPOCHS);
    expect(summary.runDir).toBe(join(dir, 'run'));
    expect(typeof summary.trainLoss).toBe('number');
    expect(summary.trainLoss as number).toBeGreaterThan(0);
    // The loss of a 3-class softmax at initialization is ln 3 = 1.0986; training must have lowered it.
    expect(summary.trainLoss as number).toBeLessThan(Math.log(3) * 0.8);
    expect(summary.trainAccuracy as number).toBeGreaterThan(1 / 3);
    expect(summary.trainAccuracy as number).toBeLessThanOrEqual(1);
    expect(summary.seconds as number).toBeGreaterThan(0);
  });

  it('writes config.json, metrics.jsonl, model.json and curves.svg', () => {
    for (const f of ['config.json', 'metrics.jsonl', 'model.json', 'curves.svg']) {
      expect(existsSync(join(dir, 'run', f)), f).toBe(true);
    }
    const saved = JSON.parse(readFileSync(join(dir, 'run', 'config.json'), 'utf8')) as { epochs: number };
    expect(saved.epochs).toBe(EPOCHS);
    const events = readFileSync(join(dir, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(events[0]!.type).toBe('start');
    expect(events.at(-1)!.type).toBe('end');
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(EPOCHS);
    // Full batch (batchSize 300 = all rows): one iteration per epoch.
    expect(events.filter((e) => e.type === 'iteration')).toHaveLength(EPOCHS);
  });

  it('curves.svg is well-formed XML with the loss and accuracy series', () => {
    const svg = parseXml(readFileSync(join(dir, 'run', 'curves.svg'), 'utf8'));
    expect(svg.name).toBe('svg');
    const legend = findAll(svg, 'g').filter((g) => g.attrs.class === 'legend')
      .flatMap((g) => findAll(g, 'text').map((t) => t.text));
    expect(legend).toEqual(expect.arrayContaining(['loss', 'loss (smoothed)', 'train']));
    expect(legend).not.toContain('validation'); // this config has no validation split
    const lines = findAll(svg, 'polyline');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(polylinePoints(l).length).toBeGreaterThan(1);
  });
});

describe('descent predict', () => {
  it('reproduces the training accuracy on the training rows (--json)', async () => {
    const r = await run('predict', 'run/model.json', 'spiral.csv', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { predictions: number[]; accuracy: number; n: number };
    expect(out.n).toBe(300);
    expect(out.predictions).toHaveLength(300);
    expect(out.accuracy).toBe(summary.trainAccuracy);
    // Score the predictions independently against the CSV's label column.
    const labels = readFileSync(join(dir, 'spiral.csv'), 'utf8').trim().split('\n').slice(1)
      .map((l) => Number(l.split(',').at(-1)));
    const hits = out.predictions.filter((p, i) => p === labels[i]).length;
    expect(hits / 300).toBe(out.accuracy);
  });

  it('prints one class per line and the accuracy on stderr', async () => {
    const r = await run('predict', 'run/model.json', 'spiral.csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(300);
    for (const l of lines) expect(['0', '1', '2']).toContain(l);
    const pct = (100 * (summary.trainAccuracy as number)).toFixed(2);
    expect(r.stderr).toContain(`accuracy ${pct}%`);
  });

  it('a model whose input size differs from the data exits 2 naming both files and sizes', async () => {
    writeFileSync(join(dir, 'three.csv'), 'a,b,c,label\n1,2,3,0\n4,5,6,1\n');
    const r = await run('predict', 'run/model.json', 'three.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('three.csv');
    expect(r.stderr).toContain(join('run', 'model.json'));
    expect(r.stderr).toMatch(/3 features per row.*expects 2/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing model file exits 2', async () => {
    const r = await run('predict', 'nope/model.json', 'spiral.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope');
  });
});

describe('bad configs exit 2 with a message naming the field, file or row, and no stack trace', () => {
  const spiral = example('spiral.json', { epochs: 1 });
  const cases: [string, () => Record<string, unknown>, RegExp][] = [
    ['an unknown layer', () => ({ ...spiral, model: [{ type: 'linear', units: 8 }, 'relux'] }), /model\.1.*relux/],
    ['a negative learning rate', () => ({ ...spiral, optimizer: { type: 'sgd', lr: -0.1 } }), /optimizer\.lr.*-0\.1/],
    [
      'a missing data file',
      () => ({ ...spiral, data: { source: { type: 'csv', path: 'missing.csv', label: 'label' } } }),
      /bad\.json: data\.source\.path: no such file \S*missing\.csv/,
    ],
    [
      'a CSV with a text cell',
      () => {
        writeFileSync(join(dir, 'text.csv'), 'x0,x1,label\n0.5,1.5,0\n0.1,oops,1\n');
        return { ...spiral, data: { source: { type: 'csv', path: 'text.csv', label: 'label' } } };
      },
      /text\.csv.*line 3.*column "x1".*"oops" is not a number/,
    ],
    ['a typo in a field name', () => ({ ...spiral, batchSise: 10 }), /batchSise.*did you mean.*batchSize/],
  ];
  it.each(cases)('%s', async (_what, make, message) => {
    writeJson(dir, 'bad.json', make());
    const r = await run('train', 'bad.json', '--out', 'bad-run');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('internal error');
  });
});
