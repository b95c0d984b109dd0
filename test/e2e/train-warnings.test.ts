// descent train watches the run: a learning rate of 10 on a small spiral prints the notes'
// learning-rate warning (update/weight ratio far above ~1e-3) and logs it, --strict turns it into
// exit 3, a good learning rate prints none; and doctor --run does not blame capacity for a fit the
// learning rate spoiled.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, tempDir, writeJson } from './helpers.js';

function spiral(lr: number, epochs = 5): Record<string, unknown> {
  return {
    seed: 1,
    data: { source: { type: 'spiral', classes: 3, pointsPerClass: 50, noise: 0.2 }, validation: 0.2 },
    model: [{ type: 'linear', units: 20 }, 'relu', { type: 'linear', units: 3 }],
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'sgd', lr }, epochs, batchSize: 30,
  };
}

/** The learning-rate line: lr 10, a ratio like 0.33 in a named weight, the ~1e-3 band, 0.1 to try. */
const LR_WARNING = /descent: warning: learning rate 10 looks too high: update\/weight ratio 0\.\d+ in layers\.\d\.weight \(expected ~1e-3\); try 0\.1, or run descent doctor for the learning-rate range\n/;

describe('descent train warns while it trains', () => {
  it('--no-watch turns the warnings off; with --strict it is a usage error (exit 2)', async () => {
    const dir = tempDir('nowatch');
    writeJson(dir, 'hot.json', spiral(10, 2));
    const io = captureIO(dir);
    expect(await main(['train', 'hot.json', '--out', 'run', '--quiet', '--no-watch'], io)).toBe(0);
    expect(io.stderr).not.toMatch(/warning/);
    const both = captureIO(dir);
    expect(await main(['train', 'hot.json', '--out', 'run2', '--strict', '--no-watch'], both)).toBe(2);
    expect(both.stderr).toMatch(/--strict needs the watch that --no-watch turns off/);
  });

  it('prints and logs the learning-rate warning for lr 10, and still finishes (exit 0)', async () => {
    const dir = tempDir('warn');
    writeJson(dir, 'hot.json', spiral(10));
    const io = captureIO(dir);
    const code = await main(['train', 'hot.json', '--out', 'run', '--quiet'], io);
    expect(code, io.stderr).toBe(0);
    expect(io.stderr).toMatch(LR_WARNING);
    const events = readFileSync(join(dir, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const warnings = events.filter((e) => e.type === 'warning');
    const ratio = warnings.find((w) => w.kind === 'update-ratio');
    expect(ratio).toMatchObject({ epoch: 1, tensor: expect.stringMatching(/^layers\.\d\.weight$/) as unknown });
    // Once per kind and tensor, though every one of the 5 epochs is out of band.
    const keys = warnings.map((w) => `${String(w.kind)} ${String(w.tensor)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'finished', epochs: 5 });
  });

  it('--strict stops at the end of the first warning\'s epoch and exits 3', async () => {
    const dir = tempDir('strict');
    writeJson(dir, 'hot.json', spiral(10));
    const io = captureIO(dir);
    const code = await main(['train', 'hot.json', '--out', 'run', '--strict', '--quiet'], io);
    expect(code, io.stderr).toBe(3);
    expect(io.stderr).toMatch(/descent: error: stopped at the end of epoch 1 by the first warning \(strict\): learning rate 10 looks too high/);
    expect(io.stderr).not.toMatch(/\n\s+at /);
    const events = readFileSync(join(dir, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'stopped-by-warning', epochs: 1 });
  });

  it('prints no warning for a good learning rate, even with --strict', async () => {
    const dir = tempDir('calm');
    writeJson(dir, 'calm.json', spiral(0.1));
    const io = captureIO(dir);
    const code = await main(['train', 'calm.json', '--out', 'run', '--strict', '--quiet'], io);
    expect(code, io.stderr).toBe(0);
    expect(io.stderr).not.toMatch(/warning/);
    expect(readFileSync(join(dir, 'run', 'metrics.jsonl'), 'utf8')).not.toMatch(/"type":"warning"/);
  });
});

/** An epoch record of a run that lr 10 killed: flat loss, chance accuracy on 3 classes, no gap. */
function flatEpoch(epoch: number): Record<string, unknown> {
  return {
    type: 'epoch', epoch, step: 4 * epoch, seconds: 0.01, lr: 10,
    trainLoss: epoch === 1 ? 5 : 1.1, trainAccuracy: 0.34, valLoss: 1.1, valAccuracy: 0.335,
    // The first epoch's updates were a third of the weights; later a dead net updates nothing.
    updateRatios: { 'layers.0.weight': epoch === 1 ? 0.33 : 0, 'layers.0.bias': 0 },
    deadRelu: { 'layers.1': 0.1 },
  };
}

describe('descent doctor --run on a high learning rate run', () => {
  it('blames the learning rate, not capacity, for a flat fit with no gap', async () => {
    const dir = tempDir('doctor-hot');
    mkdirSync(join(dir, 'run'));
    const events = [
      { type: 'start', time: '2026-12-03T00:00:00Z', name: 'hot', config: {}, parameters: 143, trainSize: 120, valSize: 30, testSize: 0, stepsPerEpoch: 4, backend: 'cpu' },
      ...Array.from({ length: 9 }, (_, i) => flatEpoch(i + 1)),
      { type: 'end', status: 'finished', epochs: 9, seconds: 0.1 },
    ];
    writeFileSync(join(dir, 'run', 'metrics.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const io = captureIO(dir);
    await main(['doctor', '--run', 'run'], io);
    expect(io.stdout).not.toMatch(/lack capacity|reached its capacity|more units or layers/);
    expect(io.stdout).toMatch(/the learning rate looks too high \(update\/weight ratio 0\.33 in layers\.0\.weight at epoch 1; expected ~1e-3\): lower it before judging capacity/);
    expect(io.stdout).toMatch(/the loss has plateaued with a learning rate that looks too high \(update\/weight ratio 0\.33 in layers\.0\.weight at epoch 1\): lower it/);
    // The final ratio 0 is a net that stopped updating, not a learning rate too low.
    expect(io.stdout).not.toMatch(/learning rate \(or its schedule\) is low/);
    expect(io.stdout).toMatch(/ratios near 0 at the end for layers\.0\.weight after a learning rate too high earlier \(update\/weight ratio 0\.33 in layers\.0\.weight at epoch 1\)/);
  });

  it('a real lr 10 run gets no capacity advice', async () => {
    const dir = tempDir('doctor-real');
    // 20 epochs: the dead net sits at chance on both splits, with no gap, and a flat loss.
    writeJson(dir, 'hot.json', spiral(10, 20));
    expect(await main(['train', 'hot.json', '--out', 'run', '--quiet'], captureIO(dir))).toBe(0);
    const io = captureIO(dir);
    await main(['doctor', '--run', 'run'], io);
    expect(io.stdout).not.toMatch(/lack capacity|reached its capacity|more units or layers/);
    expect(io.stdout).toMatch(/the learning rate looks too high \(update\/weight ratio 0\.\d+ in layers\.0\.weight at epoch 1; expected ~1e-3\): lower it before judging capacity/);
  });
});
