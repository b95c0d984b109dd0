// The 8x8 digits (1,797 images, shipped): a small MLP generalizes to a held-out 20%, and the two
// example configs train to their thresholds; early stopping hands back its best epoch's weights.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { trainFromConfig } from '../../src/config/node/train-run.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { predictFile } from '../../src/config/node/predict-file.js';
import { example, ROOT, tempDir, writeCsv } from './helpers.js';
import type { EpochEvent } from '../../src/train/run-log.js';

const dir = tempDir('digits');

async function train(name: string, config: Record<string, unknown>) {
  const parsed = parseTrainConfig(config, join(ROOT, 'examples', `${name}.json`));
  const summary = await trainFromConfig(parsed, { outDir: join(dir, name) });
  const epochs = readFileSync(join(dir, name, 'metrics.jsonl'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l) as { type: string })
    .filter((e): e is EpochEvent => e.type === 'epoch');
  return { summary, epochs };
}

/** Early stopping on valAccuracy: the final model is the first epoch with the highest figure. */
function expectBestEpochRestored(summary: { bestEpoch?: number; valAccuracy?: number | null }, epochs: EpochEvent[]) {
  const accs = epochs.map((e) => e.valAccuracy!);
  const best = Math.max(...accs);
  expect(summary.bestEpoch).toBe(accs.indexOf(best) + 1);
  expect(summary.valAccuracy).toBe(best);
}

describe('digits', () => {
  it('an MLP (64-64-10, relu, Adam) reaches >= 95% on a held-out 20%', async () => {
    // No early stopping: the validation split never influences training, so it is a clean test set.
    const { summary } = await train('mlp-holdout', {
      seed: 11,
      data: { source: 'digits', validation: 0.2, preprocess: ['standardize'] },
      model: [{ type: 'linear', units: 64 }, 'relu', { type: 'linear', units: 10 }],
      loss: 'softmaxCrossEntropy',
      optimizer: { type: 'adam', lr: 0.003 },
      epochs: 15,
      batchSize: 64,
    });
    expect(summary.status).toBe('finished');
    expect(summary.valAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('examples/digits.json trains (>= 95% validation accuracy) and keeps its best epoch', async () => {
    const { summary, epochs } = await train('digits', example('digits.json'));
    expect(summary.status).not.toBe('diverged');
    expect(summary.valAccuracy).toBeGreaterThanOrEqual(0.95);
    expectBestEpochRestored(summary, epochs);
    // predict applies the saved standardization: on the training rows, written raw (before
    // preprocessing) as CSV, it reproduces the training accuracy.
    const raw = { ...example('digits.json'), data: { source: 'digits', validation: 0.2 } };
    const exp = buildExperiment(parseTrainConfig(raw, join(ROOT, 'examples', 'digits.json')));
    const csv = writeCsv(join(dir, 'digits-train.csv'), exp.train.ds);
    const r = predictFile(join(dir, 'digits', 'model.json'), csv);
    expect(r.n).toBe(exp.train.ds.n);
    expect(r.accuracy).toBeCloseTo(summary.trainAccuracy!, 10);
  });

  it('examples/digits-everything.json (every layer type) reaches >= 90% validation accuracy', async () => {
    const { summary, epochs } = await train('digits-everything', example('digits-everything.json'));
    expect(summary.status).not.toBe('diverged');
    expect(summary.valAccuracy).toBeGreaterThanOrEqual(0.9);
    if (summary.bestEpoch !== undefined) expectBestEpochRestored(summary, epochs);
  }, 180_000); // ~7 s of CPU; the margin is for a machine shared with other work
});
