// `descent train` on bad configs, in-process through main(argv, io): every check that needs no data
// runs before the data is loaded and is reported at once; metrics that the run would not record,
// momentum schedules that leave [0, 1), labels beyond the model's outputs and impossible layer sizes
// are exit 2 with one message naming the config file and field (and the data file and row); the
// --json summary always has valLoss and valAccuracy.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, tempDir, writeJson } from './helpers.js';

const dir = tempDir('config-gaps');

const spiral = {
  seed: 1,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 20 } },
  model: [{ type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.5 },
  epochs: 2,
  batchSize: 20,
};

/** Writes `config` as `name` and runs `descent train` on it; returns the exit code and output. */
async function train(name: string, config: unknown, ...flags: string[]) {
  const file = writeJson(dir, name, config);
  const io = captureIO(dir);
  const code = await main(['train', name, '--out', join('runs', name), ...flags], io);
  return { code, stdout: io.stdout, stderr: io.stderr, file };
}

/**
 * A user error: exit 2, a line `descent: <config file>: <field>: ...` (then the listed issues), no
 * stack. (A line about the native backend may come first where the addon is not built.)
 */
function expectConfigError(r: { code: number; stderr: string; file: string }, field: string): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.split('\n');
  expect(
    lines.some((l) => l.startsWith(`descent: ${r.file}: ${field}: `)),
    r.stderr,
  ).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('checks that need no data come first, all at once', () => {
  it('a missing CSV, an unknown layer, a negative lr and a cosine without T: the last three are reported', async () => {
    const r = await train('audit.json', {
      ...spiral,
      data: { source: { type: 'csv', path: 'missing.csv', label: 'label' } },
      model: [{ type: 'linaer', units: 3 }],
      optimizer: { type: 'sgd', lr: -1 },
      schedule: { type: 'cosine' },
    });
    expectConfigError(r, 'model.0.type');
    expect(r.stderr).toContain('also optimizer.lr: ');
    expect(r.stderr).toContain('also schedule.T: missing');
    expect(r.stderr).not.toContain('missing.csv');
  });

  it('Fashion-MNIST is not looked for when the schedule lacks its T', async () => {
    const empty = tempDir('no-fashion');
    const r = await train('fashion.json', {
      ...spiral,
      data: { source: { type: 'fashion-mnist', dir: empty } },
      model: [{ type: 'linear', units: 10 }],
      schedule: { type: 'cosine' },
    });
    expectConfigError(r, 'schedule.T');
  });
});

describe('metrics', () => {
  it('early stopping on valAccuracy without a validation split', async () => {
    const r = await train('es.json', {
      ...spiral,
      earlyStopping: { metric: 'valAccuracy', patience: 2 },
    });
    expectConfigError(r, 'earlyStopping.metric');
    expect(r.stderr).toContain(
      'valAccuracy needs a validation split: add "validation": 0.2 to the data section',
    );
  });

  it('reduceOnPlateau on a metric that is not recorded', async () => {
    const r = await train('plateau.json', {
      ...spiral,
      schedule: { type: 'reduceOnPlateau', metric: 'valAcuracy' },
    });
    expectConfigError(r, 'schedule.metric');
    expect(r.stderr).toContain("did you mean 'valAccuracy'");
  });
});

describe('momentumSchedule', () => {
  it('step multiplies sgd momentum 0.9: the run trains, with momentum 0.9 then 0.45', async () => {
    const config = {
      ...spiral,
      optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 },
      momentumSchedule: { type: 'step', every: 1, factor: 0.5 },
    };
    const r = await train('momentum.json', config, '--json');
    expect(r.code, r.stderr).toBe(0);
    const log = readFileSync(join(dir, 'runs', 'momentum.json', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; t?: number; momentum?: number });
    const its = log.filter((e) => e.type === 'iteration');
    // 60 rows in batches of 20: three iterations per epoch, t = 0, 1/3, 2/3, 1, 4/3, 5/3.
    expect(its.map((e) => e.momentum)).toEqual([0.9, 0.9, 0.9, 0.45, 0.45, 0.45]);
  });

  it('a linear schedule ending at 1.2 is a config error at its end, before training', async () => {
    const config = {
      ...spiral,
      optimizer: { type: 'adam' },
      momentumSchedule: { type: 'linear', start: 0.5, end: 1.2, epochs: 2 },
    };
    const r = await train('momentum-bad.json', config);
    expectConfigError(r, 'momentumSchedule.end');
    expect(r.stderr).toContain('must stay in [0, 1)');
  });
});

/** Writes IDX files: n images of h x w ubyte pixels, and their labels. */
function writeIdx(name: string, labels: number[], h = 2, w = 2) {
  const n = labels.length;
  const images = Buffer.alloc(16 + n * h * w);
  images.writeUInt32BE(0x0803, 0);
  [n, h, w].forEach((v, i) => images.writeUInt32BE(v, 4 + 4 * i));
  for (let i = 0; i < n * h * w; i++) images[16 + i] = (i * 37) % 256;
  const lab = Buffer.alloc(8 + n);
  lab.writeUInt32BE(0x0801, 0);
  lab.writeUInt32BE(n, 4);
  labels.forEach((v, i) => (lab[8 + i] = v));
  writeFileSync(join(dir, `${name}-images`), images);
  writeFileSync(join(dir, `${name}-labels`), lab);
  return { images: join(dir, `${name}-images`), labels: join(dir, `${name}-labels`) };
}

describe('labels beyond the model outputs', () => {
  it('CSV: names the file and the row of label 7 in a 4-class problem', async () => {
    const rows = ['a,b,label', '0,1,0', '1,0,1', '1,1,2', '0,0,7', '2,2,3'];
    writeFileSync(join(dir, 'four.csv'), `${rows.join('\n')}\n`);
    const r = await train('four.json', {
      ...spiral,
      data: { source: { type: 'csv', path: 'four.csv', label: 'label' } },
      model: [{ type: 'linear', units: 4 }],
    });
    expectConfigError(r, 'model.0.units');
    expect(r.stderr).toContain('the model outputs 4 values per example but 8 are needed');
    // Label 7 is on data row 4 (line 5, after the header).
    expect(r.stderr).toContain(`${join(dir, 'four.csv')}, row 4 has label 7`);
  });

  it('IDX: names the labels file and the item of label 255', async () => {
    const files = writeIdx('ten', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 0]);
    const r = await train('ten.json', {
      ...spiral,
      data: { source: { type: 'idx', ...files } },
      model: [{ type: 'linear', units: 10 }],
    });
    expectConfigError(r, 'model.0.units');
    expect(r.stderr).toContain('but 256 are needed');
    expect(r.stderr).toContain(`${files.labels}, item 10 has label 255`);
  });
});

describe('impossible sizes and build errors name the config file', () => {
  it('units 1e9 is rejected at once at model.0.units', async () => {
    const r = await train('huge.json', {
      ...spiral,
      model: [
        { type: 'linear', units: 1e9 },
        { type: 'linear', units: 3 },
      ],
    });
    expectConfigError(r, 'model.0.units');
    expect(r.stderr).toContain('values, more than the limit of 268435456');
  });

  it('an output layer that does not match the classes names the file', async () => {
    const r = await train('five.json', { ...spiral, model: [{ type: 'linear', units: 5 }] });
    expectConfigError(r, 'model.0.units');
    expect(r.stderr).toContain('the model outputs 5 values per example but 3 are needed');
  });
});

describe('--json summary', () => {
  it('has valLoss and valAccuracy: null without a validation split, numbers with one', async () => {
    const plain = await train('plain.json', spiral, '--json');
    expect(plain.code, plain.stderr).toBe(0);
    const s = JSON.parse(plain.stdout) as Record<string, unknown>;
    expect(s).toHaveProperty('valLoss', null);
    expect(s).toHaveProperty('valAccuracy', null);
    const split = await train(
      'split.json',
      { ...spiral, data: { ...spiral.data, validation: 0.25 } },
      '--json',
    );
    expect(split.code, split.stderr).toBe(0);
    const v = JSON.parse(split.stdout) as { valLoss: unknown; valAccuracy: unknown };
    expect(Number.isFinite(v.valLoss)).toBe(true);
    expect(Number.isFinite(v.valAccuracy)).toBe(true);
    // 15 validation rows: the accuracy is a whole number of fifteenths.
    expect(
      Math.abs((v.valAccuracy as number) * 15 - Math.round((v.valAccuracy as number) * 15)),
    ).toBeLessThan(1e-9);
  });

  it('the printed summary (no --json) still reads without a validation split', async () => {
    const r = await train('printed.json', spiral);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Finished after 2 epochs');
    expect(r.stdout).not.toContain('validation loss');
  });
});
