// descent train's summary beside its last epoch line: validation figures equal the last epoch's
// when the model holds its weights, and the best epoch's (with the reason) when early stopping
// restored that one; training figures say they were evaluated after the last step, unlike the
// epoch's running mean. --json carries the same notes, the last epoch's figures and the warnings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, tempDir, writeJson } from '../e2e/helpers.js';

function spiral(lr: number, epochs: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    seed: 1,
    data: { source: { type: 'spiral', classes: 3, pointsPerClass: 50, noise: 0.2 }, validation: 0.2 },
    model: [{ type: 'linear', units: 20 }, 'relu', { type: 'linear', units: 3 }],
    loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr }, epochs, batchSize: 30, ...extra,
  };
}

type Rec = Record<string, unknown>;

async function train(config: Rec, ...flags: string[]) {
  const dir = tempDir('summary-figures');
  writeJson(dir, 'c.json', config);
  const io = captureIO(dir);
  const code = await main(['train', 'c.json', '--out', 'run', ...flags], io);
  const events = readFileSync(join(dir, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);
  return { code, io, epochs: events.filter((e) => e.type === 'epoch'), events };
}

const pct = (v: unknown) => `${(100 * (v as number)).toFixed(2)}%`;
const fixed = (v: unknown) => (v as number).toFixed(4);

describe('descent train: the summary and the last epoch', () => {
  it('validation figures equal the last epoch\'s; the training ones say why they differ', async () => {
    const r = await train(spiral(0.5, 5), '--json');
    expect(r.code, r.io.stderr).toBe(0);
    const s = JSON.parse(r.io.stdout) as Rec & { notes: Rec };
    const last = r.epochs.at(-1)!;
    expect(s.valLoss).toBe(last.valLoss);
    expect(s.valAccuracy).toBe(last.valAccuracy);
    expect(s.lastEpoch).toEqual({ epoch: 5, trainLoss: last.trainLoss, trainAccuracy: last.trainAccuracy, valLoss: last.valLoss, valAccuracy: last.valAccuracy });
    expect(s.notes.validation).toBeUndefined();
    expect(s.trainAccuracy).not.toBe(last.trainAccuracy);
    expect(s.notes.train).toBe(`evaluated after the last step; epoch 5's line has the running mean during the epoch: loss ${fixed(last.trainLoss)}, accuracy ${pct(last.trainAccuracy)}`);
    expect(s.warnings).toEqual([]);
  });

  it('after early stopping restored an earlier epoch, the summary has that epoch\'s figures and says so', async () => {
    const config = spiral(0.5, 40, { earlyStopping: { metric: 'valLoss', patience: 2 } });
    const r = await train(config);
    expect(r.code, r.io.stderr).toBe(0);
    const end = r.events.at(-1)!;
    const best = end.bestEpoch as number;
    const last = r.epochs.at(-1)!;
    // The case this test is about: the best epoch is not the last one.
    expect(best).toBeLessThan(last.epoch as number);
    const bestRecord = r.epochs[best - 1]!;
    expect(r.io.stdout).toContain(
      `  validation loss ${fixed(bestRecord.valLoss)}, accuracy ${pct(bestRecord.valAccuracy)} ` +
      `(epoch ${best}'s restored weights; epoch ${String(last.epoch)} ended at loss ${fixed(last.valLoss)}, accuracy ${pct(last.valAccuracy)})\n`,
    );
    expect(r.io.stdout).toMatch(new RegExp(`train loss \\d\\.\\d{4}, accuracy [\\d.]+% \\(evaluated with epoch ${best}'s restored weights; epoch ${String(last.epoch)}'s line has the running mean`));
    const json = await train(config, '--json');
    const s = JSON.parse(json.io.stdout) as Rec & { notes: Rec };
    expect(s.valAccuracy).toBe(json.epochs[best - 1]!.valAccuracy);
    expect(s.valLoss).toBe(json.epochs[best - 1]!.valLoss);
    expect(s.notes.validation).toMatch(new RegExp(`^epoch ${best}'s restored weights; `));
  });

  it('--json lists the trainer\'s warnings as the run log records them', async () => {
    const r = await train(spiral(10, 3), '--json');
    expect(r.code, r.io.stderr).toBe(0);
    const s = JSON.parse(r.io.stdout) as { warnings: Rec[] };
    const logged = r.events.filter((e) => e.type === 'warning').map(({ type: _type, ...w }) => w);
    expect(logged.length).toBeGreaterThan(0);
    expect(s.warnings).toEqual(logged);
    expect(s.warnings).toContainEqual(expect.objectContaining({
      kind: 'update-ratio', epoch: 1, tensor: expect.stringMatching(/^layers\.\d\.weight$/) as unknown,
      message: expect.stringMatching(/^learning rate 10 looks too high: update\/weight ratio 0\.\d+ in layers\.\d\.weight \(expected ~1e-3\)/) as unknown,
    }));
  });
});
