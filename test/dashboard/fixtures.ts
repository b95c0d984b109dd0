// Fixtures for the dashboard tests: a real (tiny) training run on digits and a real SQLite study,
// generated into a temporary folder, so the API is tested against what the trainer and the search
// engine actually write.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseTrainConfig } from '../../src/config/load-config.js';
import { trainFromConfig } from '../../src/config/train-run.js';
import { parseSpace, search } from '../../src/search/index.js';

/** The config of the fixture run: digits, a 32-unit hidden layer, 2 epochs (about 2 s). */
export const RUN_CONFIG = {
  name: 'digits-fixture',
  seed: 3,
  data: { source: 'digits', validation: 0.2, preprocess: ['standardize'] },
  model: [{ type: 'linear', units: 32, init: 'he' }, 'relu', { type: 'linear', units: 10 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.003 },
  epochs: 2,
  batchSize: 64,
};

/** A fresh temporary folder. */
export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `descent-dash-${prefix}-`));

/** Trains the fixture run into `dir`. */
export async function makeRun(dir: string): Promise<void> {
  await trainFromConfig(parseTrainConfig(RUN_CONFIG, join(dir, 'config.json')), { outDir: dir });
}

/** A study file with 12 random-search trials of a known function of lr (log), units and dropout. */
export async function makeStudy(file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  await search({
    space: parseSpace({
      lr: { logUniform: [1e-4, 1] },
      units: { choice: [16, 32, 64] },
      dropout: { uniform: [0, 0.5] },
    }),
    objective: (p) => (Math.log10(p.lr as number) + 2) ** 2 + (p.dropout as number) + (p.units === 32 ? 0 : 0.5),
    method: 'random',
    trials: 12,
    seed: 1,
    storage: file,
    direction: 'minimize',
  });
}
