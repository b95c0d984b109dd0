// A deliberately huge learning rate: `descent train` stops with the NaN message and exit code 3, and
// the model.json it leaves is the last finite one (every parameter finite, its validation loss the
// last good epoch's).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { evaluate } from '../../src/train/evaluate.js';
import { loadModel } from '../../src/train/node/model-file.js';
import { captureIO, example, tempDir, writeJson } from './helpers.js';

const relClose = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.abs(b);

describe('descent train with a huge learning rate', () => {
  it('exits 3 with the NaN message and keeps the last finite model', async () => {
    const dir = tempDir('diverge');
    const config = example('spiral.json', {
      epochs: 200,
      optimizer: { type: 'sgd', lr: 1e6 },
      data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 }, validation: 0.2 },
    });
    const file = writeJson(dir, 'diverge.json', config);
    const io = captureIO(dir);
    const code = await main(['train', 'diverge.json', '--json', '--out', 'run'], io);
    expect(code, io.stderr).toBe(3);
    expect(io.stderr).toMatch(/diverged: .*became (NaN|Infinity)/);
    expect(io.stderr).toMatch(/lower learning rate/);
    expect(io.stderr).not.toMatch(/\n\s+at /);
    const summary = JSON.parse(io.stdout) as { status: string; epochs: number; valLoss: number };
    expect(summary.status).toBe('diverged');

    const events = readFileSync(join(dir, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l) as { type: string; trainLoss?: number; valLoss?: number });
    const epochs = events.filter((e) => e.type === 'epoch');
    const good = epochs.filter((e) => Number.isFinite(e.trainLoss) && Number.isFinite(e.valLoss));
    // It diverged well before the 200 epochs, after at least one good epoch.
    expect(good.length).toBeGreaterThan(0);
    expect(good.length).toBeLessThan(200);
    expect(summary.epochs).toBe(good.length);

    const { model } = loadModel(join(dir, 'run', 'model.json'));
    for (const p of model.parameters()) for (const v of p.data) expect(Number.isFinite(v)).toBe(true);
    // The same config rebuilds the same validation split (seeded); the saved model's loss on it is
    // the one recorded at the end of the last good epoch.
    const exp = buildExperiment(parseTrainConfig(config, file));
    const val = evaluate(model, exp.validation!, exp.loss, 'float32');
    expect(Number.isFinite(val.loss)).toBe(true);
    expect(relClose(val.loss, good.at(-1)!.valLoss!), `${val.loss} vs ${good.at(-1)!.valLoss}`).toBe(true);
    expect(relClose(summary.valLoss, val.loss)).toBe(true);
  });
});
