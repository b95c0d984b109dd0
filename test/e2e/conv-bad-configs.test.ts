// Bad convnet configs through `descent train`: a kernel larger than the image, a linear layer whose
// declared size after flatten is wrong, a CSV shape that does not match its columns. Each is one line
// naming the config file, the layer (or field) and the shapes, exit 2, and no run directory: the
// shapes are checked before any weight is drawn or any epoch runs.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, tempDir } from './helpers.js';

const dir = tempDir('conv-bad');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rest = { loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.001 }, epochs: 1 };

async function train(name: string, config: object): Promise<{ code: number; err: string; out: string }> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...config, ...rest }));
  const io = captureIO(dir);
  const code = await main(['train', file, '--out', join(dir, `run-${name}`)], io);
  expect(existsSync(join(dir, `run-${name}`)), 'no run directory').toBe(false);
  return { code, err: io.stderr, out: io.stdout };
}

describe('bad convnet configs', () => {
  it('a 9x9 kernel on 8x8 digits names layer 0, the window and the sample shape', async () => {
    const r = await train('kernel', { data: { source: 'digits' }, model: [{ type: 'conv2d', filters: 4, kernel: 9 }, 'relu', 'flatten', { type: 'linear', units: 10 }] });
    expect(r.code).toBe(2);
    expect(r.err).toBe(`descent: ${join(dir, 'kernel.json')}: model.0: a conv2d window of 9x9 does not fit its input: sample shape [1, 8, 8], 8x8 with padding, would give an output of 0x0\n`);
  });

  it('a linear layer declaring 100 inputs after flatten of [4, 4, 4] names layer 4 and both sizes', async () => {
    const r = await train('linear', {
      data: { source: 'digits' },
      model: [{ type: 'conv2d', filters: 4, kernel: 3, padding: 1 }, 'relu', { type: 'maxPool2d', size: 2 }, 'flatten', { type: 'linear', inputs: 100, units: 10 }],
    });
    expect(r.code).toBe(2);
    expect(r.err).toBe(`descent: ${join(dir, 'linear.json')}: model.4.inputs: the layer says 100 inputs, but 64 features reach it (the flattened [4, 4, 4] of layer 3)\n`);
  });

  it('a max pool 2 over a 3x3 map (1.5 windows a side) names layer 3, the window and the shape; padding 1 there trains', async () => {
    const model = [{ type: 'conv2d', filters: 2, kernel: 3 }, 'relu', { type: 'maxPool2d', size: 2 }, { type: 'maxPool2d', size: 2 }, 'flatten', { type: 'linear', units: 10 }];
    const r = await train('uneven', { data: { source: 'digits' }, model });
    expect(r.code).toBe(2);
    expect(r.err).toBe(`descent: ${join(dir, 'uneven.json')}: model.3: a maxPool2d window of 2x2 with stride 2 does not step evenly over its input: sample shape [2, 3, 3] would give 1.5x1.5 outputs, leaving the last rows and columns out; change the padding, size or stride so that (size + 2 padding - window) is a multiple of the stride\n`);
    // (3 + 2 - 2) / 2 + 1 = 2.5 with padding 1 is still uneven; a 3x3 window tiles it: (3 - 3) / 2 + 1 = 1.
    const fixed = model.map((l, i) => (i === 3 ? { type: 'maxPool2d', size: 3 } : l));
    const file = join(dir, 'even.json');
    writeFileSync(file, JSON.stringify({ data: { source: 'digits' }, model: fixed, ...rest }));
    const io = captureIO(dir);
    expect(await main(['train', file, '--out', join(dir, 'run-even'), '--quiet'], io)).toBe(0);
  });

  it('a csv shape [1, 2, 2] over 5 feature columns names data.source.shape and both counts', async () => {
    const csv = join(dir, 'five.csv');
    writeFileSync(csv, 'a,b,c,d,e,label\n1,2,3,4,5,0\n2,3,4,5,6,1\n');
    const r = await train('csv', {
      data: { source: { type: 'csv', path: csv, label: 'label', shape: [1, 2, 2] } },
      model: [{ type: 'conv2d', filters: 2, kernel: 1 }, 'flatten', { type: 'linear', units: 2 }],
    });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^descent: .*csv\.json: data\.source\.shape: shape \[1, 2, 2\] holds 4 values per row, but .*five\.csv has 5 feature columns/);
    expect(r.err.split('\n').filter((l) => l !== '')).toHaveLength(1);
  });
});
