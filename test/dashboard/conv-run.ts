// A hand-made convnet run for the activation-map tests: 2x2 one-channel CSV images, a model file
// with known weights (a 1x1 convolution, relu, 2x2 max pool, an identity linear layer) and saved
// standardization, and a config.json that rebuilds the data. Every value is set here, so tests can
// work out the maps by hand.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeModel } from '../../src/nn/serialize.js';

/** Test images (2x2 pixels, row-major) and labels; training rows only feed the class count and splits. */
export const TEST_ROWS = [
  { label: 0, pixels: [3, 5, 1, -1] },
  { label: 0, pixels: [-3, -1, 1, 1] },
  { label: 1, pixels: [1, 1, 1, 1] },
];
export const TRAIN_ROWS = Array.from({ length: 10 }, (_, i) => ({ label: i % 2, pixels: [i, 2 * i, -i, 1] }));

/** The model file's standardization: x' = (x - 1) / 2 (a config asking for a refit would get other statistics). */
export const MEAN = 1;
export const STD = 2;
/** The 1x1 convolution's weight and bias per filter. */
export const W = [2, -1];
export const B = [0.5, 0.25];

export const CONV_LAYERS = [{ type: 'conv2d', filters: 2, kernel: 1 }, 'relu', { type: 'maxPool2d', size: 2 }, 'flatten', { type: 'linear', units: 2 }];

function writeCsv(file: string, rows: readonly { label: number; pixels: number[] }[]): void {
  writeFileSync(file, `label,p0,p1,p2,p3\n${rows.map((r) => [r.label, ...r.pixels].join(',')).join('\n')}\n`);
}

/** Writes train.csv and test.csv (TRAIN_ROWS, TEST_ROWS) into `dir`. */
export function writeImageCsvs(dir: string): void {
  writeCsv(join(dir, 'train.csv'), TRAIN_ROWS);
  writeCsv(join(dir, 'test.csv'), TEST_ROWS);
}

/** A config's csv source for `file` in `dir`, as 1x2x2 images unless `shaped` is false. */
export const csvSource = (dir: string, file: string, shaped = true) => ({
  type: 'csv', path: join(dir, file), label: 'label', ...(shaped ? { shape: [1, 2, 2] } : {}),
});

/** The config of the conv run over the CSVs in `dir`: a test set, and a standardization to refit. */
export function convConfig(dir: string, name = 'conv') {
  return {
    seed: 4, name, loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1,
    data: { source: csvSource(dir, 'train.csv'), test: csvSource(dir, 'test.csv'), preprocess: ['standardize'] },
    model: CONV_LAYERS,
  };
}

/** The conv model file with the weights above; `w` replaces the conv weights (a retrained model). */
export function convModel(w = W): string {
  return serializeModel({
    config: CONV_LAYERS, inputSize: 4, inputShape: [1, 2, 2],
    state: {
      'layers.0.weight': { shape: [2, 1, 1, 1], data: w },
      'layers.0.bias': { shape: [2], data: B },
      // Identity: the logits are the two pooled channels.
      'layers.4.weight': { shape: [2, 2], data: [1, 0, 0, 1] },
      'layers.4.bias': { shape: [2], data: [0, 0] },
    },
    extras: {
      loss: 'softmaxCrossEntropy', classes: 2,
      preprocess: { version: 1, inputDim: 4, outputDim: 4, steps: [{ type: 'standardize', mean: [MEAN, MEAN, MEAN, MEAN], std: [STD, STD, STD, STD] }] },
    },
  });
}

/** A run directory `runs/name` with a one-line log, `config` as config.json and `model` as model.json (none when null). */
export function writeRun(runs: string, name: string, config: object, model: string | null): string {
  const dir = join(runs, name);
  mkdirSync(dir, { recursive: true });
  const start = { type: 'start', time: '2026-12-04T12:00:00.000Z', name, config: {}, parameters: 1, trainSize: 10, valSize: 0, testSize: 3, stepsPerEpoch: 1, backend: 'cpu' };
  writeFileSync(join(dir, 'metrics.jsonl'), `${JSON.stringify(start)}\n`);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  if (model !== null) writeFileSync(join(dir, 'model.json'), model);
  return dir;
}
