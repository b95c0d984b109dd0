// Tiny training configs for the reliability tests: every piece of resumable state matters in one
// of them (dropout generators, Adam moments, lr and momentum schedules, early stopping, plateau).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import type { TrainConfig } from '../../src/config/schema.js';

/**
 * Adam + dropout + cosine lr + linear momentum schedule + early stopping on valAccuracy whose best
 * epoch (2) comes early, so its state and best weights must survive a resume; patience is never
 * reached.
 */
export const ADAM_DROPOUT = {
  seed: 3,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 40, noise: 0.2 }, validation: 0.25 },
  model: [{ type: 'linear', units: 16 }, 'relu', { type: 'dropout', rate: 0.3 }, { type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.02 },
  schedule: { type: 'cosine', T: 8 },
  momentumSchedule: { type: 'linear', start: 0.8, end: 0.95, epochs: 6 },
  earlyStopping: { metric: 'valAccuracy', patience: 50 },
  epochs: 8,
  batchSize: 16,
};

/** SGD with momentum, a plateau reducer that fires, l2, and early stopping whose best epoch is 3. */
export const SGD_PLATEAU = {
  seed: 5,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 30, noise: 0.3 }, validation: 0.3 },
  model: [{ type: 'linear', units: 12 }, 'tanh', { type: 'dropout', rate: 0.2 }, { type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy',
  regularization: { l2: 1e-3 },
  optimizer: { type: 'sgd', lr: 0.5, momentum: 0.9 },
  schedule: { type: 'reduceOnPlateau', metric: 'valAccuracy', patience: 0, factor: 0.5 },
  earlyStopping: { metric: 'valLoss', patience: 100 },
  epochs: 7,
  batchSize: 10,
};

/** A validated config with `epochs` replaced. */
export function withEpochs(raw: object, epochs: number): TrainConfig {
  return parseTrainConfig({ ...raw, epochs }, join(tmpdir(), 'config.json'));
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'descent-rel-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
