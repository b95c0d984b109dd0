// `descent predict` on hand-made model files (no training): CSV with and without a label column,
// IDX with and without labels, the saved preprocessing, regression outputs, and bad inputs. The
// expected predictions are computed in the test from the weights written here.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { linear } from '../../src/nn/layers/linear.js';
import { sequential } from '../../src/nn/layers/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { saveModel } from '../../src/train/node/model-file.js';
import type { JsonObject } from '../../src/nn/canonical-json.js';
import { captureIO, tempDir } from './helpers.js';

const dir = tempDir('predict');

// 4 features -> 3 classes; weight (in x out) row-major, bias; preprocessing subtracts MEAN.
const W = [1, 0, -1, 0, 2, 0, -1, 0, 1, 0.5, 0.5, 0.5];
const B = [0, 0.1, 0.2];
const MEAN = [0, 2, 0, 0];

function saveLinear(file: string, inputs: number, outputs: number, weight: number[], bias: number[], extras: JsonObject): string {
  const layer = linear(inputs, outputs, { rng: new Rng(0) });
  layer.weight.data.set(weight);
  layer.bias!.data.set(bias);
  const path = join(dir, file);
  saveModel(path, { config: [{ type: 'linear', units: outputs }], inputSize: inputs, state: sequential(layer).stateDict(), extras });
  return path;
}

saveLinear('classifier.json', 4, 3, W, B, {
  loss: 'softmaxCrossEntropy', classes: 3,
  preprocess: { version: 1, inputDim: 4, outputDim: 4, steps: [{ type: 'center', mean: MEAN }] },
});
// Regression: 2 features -> 2 values, y = (x0 + x1, x0 - x1 + 1).
saveLinear('regressor.json', 2, 2, [1, 1, 1, -1], [0, 1], { loss: 'mse' });

/** The class the classifier should predict for raw features x, by hand. */
function expectedClass(x: number[], mean = MEAN): number {
  const z = [0, 1, 2].map((j) => B[j]! + x.reduce((s, v, i) => s + (v - mean[i]!) * W[i * 3 + j]!, 0));
  return z.indexOf(Math.max(...z));
}

const ROWS = [[3, 1, 0, 2], [0, 4, 1, 1], [1, 1, 5, 0], [2, 2, 2, 2], [-1, 0, 0, 3]];
const LABELS = [0, 1, 2, 1, 0];
const EXPECTED = ROWS.map((r) => expectedClass(r));
const EXPECTED_ACCURACY = EXPECTED.filter((p, i) => p === LABELS[i]).length / ROWS.length;

function csv(name: string, header: string[], rows: (number | string)[][]): string {
  writeFileSync(join(dir, name), `${header.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  return name;
}

/** IDX bytes: magic (0, 0, type, ndim), big-endian dims, unsigned-byte values. */
function idx(name: string, dims: number[], values: number[]): string {
  const header = [0, 0, 0x08, dims.length, ...dims.flatMap((d) => [d >>> 24, (d >>> 16) & 255, (d >>> 8) & 255, d & 255])];
  writeFileSync(join(dir, name), Uint8Array.from([...header, ...values]));
  return name;
}

async function run(...argv: string[]) {
  const io = captureIO(dir);
  const code = await main(['predict', ...argv], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('descent predict on CSV', () => {
  it('a `label` column is found by default; predictions apply the saved preprocessing', async () => {
    // Sanity of the fixture: the hand predictions are not all one class, and not all right.
    expect(new Set(EXPECTED).size).toBeGreaterThan(1);
    expect(EXPECTED_ACCURACY).toBeGreaterThan(0);
    // ...and skipping the preprocessing would change at least one of them.
    expect(ROWS.map((r) => expectedClass(r, [0, 0, 0, 0]))).not.toEqual(EXPECTED);
    const file = csv('labelled.csv', ['a', 'b', 'label', 'c', 'd'], ROWS.map((r, i) => [r[0]!, r[1]!, LABELS[i]!, r[2]!, r[3]!]));
    const r = await run('classifier.json', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ predictions: EXPECTED, accuracy: EXPECTED_ACCURACY, n: 5 });
  });

  it('without a label column every column is a feature, and there is no accuracy', async () => {
    const file = csv('features.csv', ['a', 'b', 'c', 'd'], ROWS);
    const r = await run('classifier.json', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(EXPECTED.map((p) => `${p}\n`).join(''));
    expect(r.stderr).toBe('');
    const j = await run('classifier.json', file, '--json');
    expect(JSON.parse(j.stdout)).toEqual({ predictions: EXPECTED, n: 5 });
  });

  it('a header row that looks like data gets the reader\'s warning on stderr (and in --json); the predictions stay on stdout', async () => {
    // scikit-learn's files start with a count line ("150,4,...") where the column names should be.
    const file = csv('counted.csv', ['5', '4', 'x', 'y'], ROWS);
    const r = await run('classifier.json', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(EXPECTED.map((p) => `${p}\n`).join(''));
    expect(r.stderr).toMatch(/^warning: .*counted\.csv, line 1: the first line looks like data, not column names \("5", "4" are numbers\)/);
    const j = await run('classifier.json', file, '--json');
    expect(JSON.parse(j.stdout)).toMatchObject({ predictions: EXPECTED, warnings: [expect.stringContaining('counted.csv, line 1: the first line looks like data')] });
  });

  it('--label names another column', async () => {
    const file = csv('species.csv', ['species', 'a', 'b', 'c', 'd'], ROWS.map((r, i) => [LABELS[i]!, ...r]));
    const r = await run('classifier.json', file, '--label', 'species');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').map(Number)).toEqual(EXPECTED);
    expect(r.stderr).toContain(`accuracy ${(100 * EXPECTED_ACCURACY).toFixed(2)}%`);
  });

  it('--label naming a missing column exits 2 and lists the columns', async () => {
    const r = await run('classifier.json', 'features.csv', '--label', 'kind');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no column named "kind".*a, b, c, d/);
  });

  it('a label outside the model classes exits 2 naming the row', async () => {
    const file = csv('bad-label.csv', ['a', 'b', 'c', 'd', 'label'], [[1, 2, 3, 4, 0], [1, 2, 3, 4, 7]]);
    const r = await run('classifier.json', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-label\.csv.*row 2.*target 7/);
  });

  it('a regression model prints its values and the mean squared error', async () => {
    const file = csv('reg.csv', ['x0', 'x1'], [[1, 2], [3, -1]]);
    const r = await run('regressor.json', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('3,0\n2,5\n');
    // Targets in two columns are not a single `label`: score through --json with one output only.
    const one = saveLinear('regressor1.json', 2, 1, [1, 1], [0], { loss: 'mse' });
    const lab = csv('reg1.csv', ['x0', 'label', 'x1'], [[1, 4, 2], [3, 0, -1]]);
    const j = await run(one, lab, '--json');
    // Predictions 3 and 2 against targets 4 and 0: squared errors 1 and 4.
    expect(JSON.parse(j.stdout)).toEqual({ predictions: [3, 2], mse: 2.5, n: 2 });
  });
});

describe('descent predict on IDX', () => {
  // 5 images of 2 x 2 pixels: the same rows as the CSV tests, shifted to be unsigned bytes.
  const pixels = ROWS.map((r) => r.map((v) => v + 1));
  idx('images.idx', [5, 2, 2], pixels.flat());
  idx('labels.idx', [5], LABELS);
  // Shifting by +1 changes the hand predictions: recompute them on the shifted rows.
  const expected = pixels.map((p) => expectedClass(p));
  const accuracy = expected.filter((p, i) => p === LABELS[i]).length / 5;

  it('images alone: one prediction per image', async () => {
    const r = await run('classifier.json', 'images.idx', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ predictions: expected, n: 5 });
  });

  it('with --labels: accuracy too', async () => {
    const r = await run('classifier.json', 'images.idx', '--labels', 'labels.idx', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ predictions: expected, accuracy, n: 5 });
  });

  it('--scale divides pixels by 255', async () => {
    const r = await run('classifier.json', 'images.idx', '--scale', '--json');
    const scaled = pixels.map((p) => expectedClass(p.map((v) => Math.fround(v / 255))));
    expect(JSON.parse(r.stdout)).toEqual({ predictions: scaled, n: 5 });
  });

  it('a model recording extras.inputScale scales its input itself; --scale then exits 2', async () => {
    saveLinear('scaled.json', 4, 3, W, B, {
      loss: 'softmaxCrossEntropy', classes: 3, inputScale: 1 / 255,
      preprocess: { version: 1, inputDim: 4, outputDim: 4, steps: [{ type: 'center', mean: MEAN }] },
    });
    const r = await run('scaled.json', 'images.idx', '--json');
    expect(r.code, r.stderr).toBe(0);
    const scaled = pixels.map((p) => expectedClass(p.map((v) => Math.fround(v / 255))));
    expect(JSON.parse(r.stdout)).toEqual({ predictions: scaled, n: 5 });
    const twice = await run('scaled.json', 'images.idx', '--scale');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('already scales');
  });

  it('--label with IDX input, or --labels with CSV input, exits 2', async () => {
    expect((await run('classifier.json', 'images.idx', '--label', 'x')).code).toBe(2);
    const r = await run('classifier.json', 'features.csv', '--labels', 'labels.idx');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('labels');
  });
});

describe('descent predict: bad model files and arguments', () => {
  it('a model file naming an unknown loss exits 2', async () => {
    saveLinear('odd.json', 4, 3, W, B, { loss: 'hinge3' });
    const r = await run('odd.json', 'features.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/odd\.json.*extras\.loss.*hinge3/);
  });

  it('a missing argument is a usage error (exit 2)', async () => {
    const r = await run('classifier.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: descent predict');
  });
});
