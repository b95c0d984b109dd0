// The 8x8 digits as 1x8x8 images: `descent train` runs a small convnet from a config (the dataset's
// shape becomes the model's input shape), its model file keeps the shape so `descent predict` on flat
// CSV rows gives the same held-out accuracy, and a CSV source whose declared shape does not match its
// columns exits 2 naming the field and both sizes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { resumeTraining, trainFromConfig } from '../../src/config/node/train-run.js';
import { loadDigits } from '../../src/data/node/digits.js';
import { captureIO, example, tempDir, writeCsv, writeJson } from './helpers.js';

const dir = tempDir('digits-cnn');

// examples/digits-cnn.json: conv 3x3 16 pad 1, relu, max-pool 2, flatten, linear 64, relu, linear 10;
// Adam 3e-3, batch 32, 12 epochs, seed 2.
const CONFIG = example('digits-cnn.json');

describe('digits as 1x8x8 images', () => {
  it('a small convnet reaches >= 97% on a held-out 20%, and predict on those rows as CSV agrees', async () => {
    writeJson(dir, 'cnn.json', CONFIG);
    const io = captureIO(dir);
    // No early stopping: the validation split never steers training, so it is a clean held-out set.
    const code = await main(['train', 'cnn.json', '--json', '--out', 'run'], io);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(io.stdout.trim().split('\n').pop()!) as { status: string; valAccuracy: number };
    expect(summary.status).toBe('finished');
    expect(summary.valAccuracy).toBeGreaterThanOrEqual(0.97);

    const saved = JSON.parse(readFileSync(join(dir, 'run', 'model.json'), 'utf8')) as { inputSize: number; inputShape: number[] };
    expect([saved.inputSize, saved.inputShape]).toEqual([64, [1, 8, 8]]);

    // The same validation rows, before preprocessing (the model file standardizes them again).
    const raw = { ...CONFIG, data: { source: 'digits', validation: 0.2 } };
    const exp = buildExperiment(parseTrainConfig(raw, join(dir, 'cnn.json')));
    expect(exp.inputShape).toEqual([1, 8, 8]);
    const held = exp.validation!.ds;
    writeCsv(join(dir, 'held-out.csv'), held);
    const p = captureIO(dir);
    expect(await main(['predict', join('run', 'model.json'), 'held-out.csv', '--json'], p)).toBe(0);
    const result = JSON.parse(p.stdout) as { n: number; accuracy: number };
    expect(result.n).toBe(held.n);
    expect(result.accuracy).toBeCloseTo(summary.valAccuracy, 10);
  }, 120_000); // about 5 s here; the margin is for a machine shared with other work

  it('a run stopped after its epoch-2 checkpoint and resumed writes the same model.json as one that was not', async () => {
    const config = parseTrainConfig({ ...CONFIG, epochs: 4 }, join(dir, 'cnn.json'));
    const reference = await trainFromConfig(config, { outDir: join(dir, 'ref'), checkpointEvery: 1 });
    const crashed = trainFromConfig(config, {
      outDir: join(dir, 'crashed'), checkpointEvery: 1,
      callbacks: { onEpoch: (e) => { if (e.epoch === 3) throw new Error('simulated crash'); } },
    });
    await expect(crashed).rejects.toThrow('simulated crash');
    const summary = await resumeTraining(join(dir, 'crashed'), { checkpointEvery: 1 });
    expect(summary.epochs).toBe(4);
    expect(readFileSync(join(dir, 'crashed', 'model.json'), 'utf8')).toBe(readFileSync(join(reference.runDir, 'model.json'), 'utf8'));
  }, 60_000);

  it('a CSV source declaring "shape": [1, 8, 8] trains the convnet too', async () => {
    const digits = loadDigits();
    writeCsv(join(dir, 'digits.csv'), digits);
    writeJson(dir, 'csv-cnn.json', {
      ...CONFIG,
      data: { source: { type: 'csv', path: 'digits.csv', label: 'label', shape: [1, 8, 8] }, validation: 0.2 },
      epochs: 1,
    });
    const io = captureIO(dir);
    expect(await main(['train', 'csv-cnn.json', '--json', '--out', 'csv-run'], io)).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'csv-run', 'model.json'), 'utf8')) as { inputShape: number[] };
    expect(saved.inputShape).toEqual([1, 8, 8]);
  }, 60_000);

  it('a CSV shape that does not match its 64 feature columns exits 2, naming data.source.shape and both sizes', async () => {
    writeCsv(join(dir, 'digits-bad.csv'), loadDigits());
    writeJson(dir, 'bad-shape.json', {
      ...CONFIG,
      data: { source: { type: 'csv', path: 'digits-bad.csv', label: 'label', shape: [1, 7, 7] }, validation: 0.2 },
    });
    const io = captureIO(dir);
    expect(await main(['train', 'bad-shape.json', '--out', 'bad-run'], io)).toBe(2);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(io.stderr).toMatch(/data\.source\.shape/);
    // 1 * 7 * 7 = 49 values per row against the 64 pixel columns of the file.
    expect(io.stderr).toMatch(/shape \[1, 7, 7\] holds 49 values per row, but .*digits-bad\.csv has 64 feature columns/);
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });
});
