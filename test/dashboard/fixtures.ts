// Fixtures for the dashboard tests: a real (tiny) training run on digits and a real SQLite study,
// generated into a temporary folder, so the API is tested against what the trainer and the search
// engine actually write.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { resumeTraining, trainFromConfig } from '../../src/config/node/train-run.js';
import { parseSpace, search } from '../../src/search/node/index.js';

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

/** A small spiral run (8 epochs, a checkpoint every epoch), for the crash-and-resume fixture. */
const RESUME_CONFIG = {
  name: 'spiral-resumed',
  seed: 3,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 40, noise: 0.2 }, validation: 0.25 },
  model: [{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.02 },
  epochs: 8,
  batchSize: 16,
};

/**
 * A run killed during epoch 5 (after epoch 5 was logged, before its checkpoint, with a torn line
 * at the end of the log) and resumed with resumeTraining, as `descent train --resume` does: the log
 * holds epoch 5 twice and a torn line before the resumed start. Returns the log's text before the
 * resume, so a test can replay it.
 */
export async function makeResumedRun(dir: string): Promise<{ beforeResume: string }> {
  const config = parseTrainConfig(RESUME_CONFIG, join(dir, 'config.json'));
  const crash = trainFromConfig(config, {
    outDir: dir,
    checkpointEvery: 1,
    callbacks: { onEpoch: (e) => { if (e.epoch === 5) throw new Error('simulated crash'); } },
  });
  await crash.then(
    () => { throw new Error('the simulated crash did not happen'); },
    (error: unknown) => { if (!(error instanceof Error) || error.message !== 'simulated crash') throw error; },
  );
  const log = join(dir, 'metrics.jsonl');
  appendFileSync(log, '{"type":"iteration","step":3'); // torn by the kill
  const beforeResume = readFileSync(log, 'utf8');
  await resumeTraining(dir, { checkpointEvery: 1 });
  return { beforeResume };
}
