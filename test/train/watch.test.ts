// The training watcher on hand-made figures: each check fires once, with its exact line, on the
// figures of its symptom, and none fires on those of a healthy run.
import { describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/build.js';
import { parseTrainConfig } from '../../src/config/load-config.js';
import { fit, type FitOptions } from '../../src/train/fit.js';
import type { EpochEvent, IterationEvent, RunEvent, WarningEvent } from '../../src/train/run-log.js';
import { resumedEvents } from '../../src/train/resumed-events.js';
import { parseRunLog } from '../../src/train/run-log.js';
import { expectedInitialLoss } from '../../src/train/watch/expected-loss.js';
import { TrainingWatcher } from '../../src/train/watch/watcher.js';

const healthyRatios = { 'layers.0.weight': 1e-3, 'layers.0.bias': 0.5, 'layers.2.weight': 2e-3 };

function epoch(n: number, o: Partial<EpochEvent> = {}): EpochEvent {
  return {
    type: 'epoch', epoch: n, step: 10 * n, seconds: 0.1, lr: 0.1, trainLoss: 1 / n,
    updateRatios: healthyRatios, deadRelu: { 'layers.1': 0.05 }, ...o,
  };
}

const step = (s: number, loss: number, lr = 0.1): IterationEvent => ({ type: 'iteration', step: s, t: (s - 1) / 10, loss, lr });

/** ln 3, the loss of a 3-class softmax whose outputs are all equal. */
const LN3 = Math.log(3);

describe('expectedInitialLoss', () => {
  it('is ln C for softmax, (C - 1) x margin for svm, ln 2 for binary cross-entropy, nothing for regression', () => {
    expect(expectedInitialLoss('softmaxCrossEntropy', 3)).toEqual({ value: LN3, text: 'ln 3 = 1.1' });
    expect(expectedInitialLoss('svm', 10, 1)?.value).toBe(9);
    expect(expectedInitialLoss('svm', 4, 2)?.value).toBe(6);
    expect(expectedInitialLoss('binaryCrossEntropy', undefined)?.value).toBe(Math.LN2);
    expect(expectedInitialLoss('mse', undefined)).toBeUndefined();
  });
});

describe('TrainingWatcher', () => {
  it('is silent on a healthy run', () => {
    const w = new TrainingWatcher({ expected: expectedInitialLoss('softmaxCrossEntropy', 3)! });
    const said = [];
    for (let e = 1; e <= 8; e++) {
      for (let s = 10 * (e - 1) + 1; s <= 10 * e; s++) said.push(...w.iteration(step(s, 1.1 / Math.sqrt(s))));
      said.push(...w.epoch(epoch(e, { valLoss: 1.2 / e })));
    }
    expect(said).toEqual([]);
  });

  it('warns of an initial loss above 2x the expectation (plus 0.1), once', () => {
    const w = new TrainingWatcher({ expected: expectedInitialLoss('softmaxCrossEntropy', 3)! });
    // 2 ln 3 + 0.1 = 2.297: 2.29 passes, 2.31 does not.
    expect(new TrainingWatcher({ expected: expectedInitialLoss('softmaxCrossEntropy', 3)! }).iteration(step(1, 2.29))).toEqual([]);
    expect(w.iteration(step(1, 5.2))).toEqual([{
      type: 'warning', kind: 'initial-loss', epoch: 1, step: 1,
      message: 'initial loss 5.2 is far from the expected ln 3 = 1.1 (expected within [0.5x, 2x]); the initial weights or inputs are too large: standardize the inputs, or use a smaller initialization (run descent doctor for the initialization checks)',
    }]);
    expect(w.iteration(step(2, 5.1))).toEqual([]);
  });

  it('warns of an initial loss below half the expectation (less 0.1)', () => {
    // svm, 10 classes, margin 1: 9 expected; 0.5 x 9 - 0.1 = 4.4.
    const w = new TrainingWatcher({ expected: expectedInitialLoss('svm', 10)! });
    expect(w.iteration(step(1, 0.3)).map((e) => e.message)).toEqual([
      'initial loss 0.3 is far from the expected (C - 1) x margin = 9 (expected within [0.5x, 2x]); the outputs start confident: check the output layer and that the labels are not among the features',
    ]);
  });

  it('a resumed run does not compare its first step with the initialization', () => {
    const w = new TrainingWatcher({ expected: expectedInitialLoss('softmaxCrossEntropy', 3)!, resumed: true });
    expect(w.iteration(step(41, 0.05))).toEqual([]);
    expect(w.iteration(step(42, 100))).toEqual([]);
  });

  it('warns when a step loss jumps above 10x the first step\'s', () => {
    const w = new TrainingWatcher();
    w.iteration(step(1, 1.2, 10));
    expect(w.iteration(step(2, 11.9, 10))).toEqual([]);
    const [warning] = w.iteration(step(3, 462, 10));
    // 462 / 1.2 = 385; the tenth of lr 10 is 1.
    expect(warning).toEqual({
      type: 'warning', kind: 'loss-rise', epoch: 1, step: 3,
      message: 'learning rate 10 looks too high: the loss jumped to 462 at step 3, 390x the initial 1.2 (expected to fall); try 1, or run descent doctor for the learning-rate range',
    });
    expect(w.iteration(step(4, 900, 10))).toEqual([]);
  });

  it('warns when an epoch\'s training loss is 3x the best before it', () => {
    const w = new TrainingWatcher();
    w.epoch(epoch(1, { trainLoss: 0.5, lr: 0.3 }));
    w.epoch(epoch(2, { trainLoss: 0.2, lr: 0.3 }));
    expect(w.epoch(epoch(3, { trainLoss: 0.59, lr: 0.3 }))).toEqual([]);
    // 0.7 / 0.2 = 3.5; a tenth of 0.3 is 0.03.
    expect(w.epoch(epoch(4, { trainLoss: 0.7, lr: 0.3 })).map((e) => e.message)).toEqual([
      'learning rate 0.3 looks too high: the training loss rose to 0.7 at epoch 4, 3.5x its best 0.2 (expected to fall); try 0.03, or run descent doctor for the learning-rate range',
    ]);
  });

  it('warns at the first epoch of an update/weight ratio above 1e-1, once per tensor', () => {
    const w = new TrainingWatcher();
    const ratios = { 'layers.0.weight': 0.33, 'layers.0.bias': 5, 'layers.2.weight': 0.05 };
    // lr 10 x 1e-3 / 0.33 = 0.0303, rounded up to a power of ten: 0.1.
    expect(w.epoch(epoch(1, { lr: 10, updateRatios: ratios }))).toEqual([{
      type: 'warning', kind: 'update-ratio', epoch: 1, step: 10, tensor: 'layers.0.weight',
      message: 'learning rate 10 looks too high: update/weight ratio 0.33 in layers.0.weight (expected ~1e-3); try 0.1, or run descent doctor for the learning-rate range',
    }]);
    expect(w.epoch(epoch(2, { lr: 10, updateRatios: ratios }))).toEqual([]);
    expect(w.epoch(epoch(3, { lr: 10, updateRatios: ratios }))).toEqual([]);
  });

  it('warns of a ratio above 1e-1 after the first epoch, or below 1e-5, only when it lasts 3 epochs', () => {
    const w = new TrainingWatcher();
    const high = { 'a.weight': 0.2 };
    const low = { 'a.weight': 2e-6 };
    expect(w.epoch(epoch(1))).toEqual([]);
    expect(w.epoch(epoch(2, { updateRatios: high }))).toEqual([]);
    expect(w.epoch(epoch(3, { updateRatios: high }))).toEqual([]);
    expect(w.epoch(epoch(4, { updateRatios: low }))).toEqual([]);
    expect(w.epoch(epoch(5, { updateRatios: low }))).toEqual([]);
    // lr 0.1 x 1e-3 / 2e-6 = 50: up to 100.
    expect(w.epoch(epoch(6, { updateRatios: low })).map((e) => e.message)).toEqual([
      'learning rate 0.1 looks too low: update/weight ratio 2e-6 in a.weight for 3 epochs (expected ~1e-3); try 100, or run descent doctor for the learning-rate range',
    ]);
  });

  it('warns when most of a relu layer is dead two epochs running', () => {
    const w = new TrainingWatcher();
    expect(w.epoch(epoch(1, { deadRelu: { 'layers.1': 0.8 } }))).toEqual([]);
    expect(w.epoch(epoch(2, { deadRelu: { 'layers.1': 0.3 } }))).toEqual([]);
    expect(w.epoch(epoch(3, { deadRelu: { 'layers.1': 0.75 } }))).toEqual([]);
    expect(w.epoch(epoch(4, { deadRelu: { 'layers.1': 0.9 } }))).toEqual([{
      type: 'warning', kind: 'dead-relu', epoch: 4, step: 40, tensor: 'layers.1',
      message: 'most relu units are dead: 0.9 of layers.1 never active for 2 epochs (expected well under 0.5); try a lower learning rate (it is 0.1), he initialization or leakyRelu',
    }]);
  });

  it('warns when the validation loss rises 3 epochs running while the training loss falls', () => {
    const w = new TrainingWatcher();
    const curve = [[0.9, 1.0], [0.6, 0.7], [0.4, 0.72], [0.3, 0.75], [0.25, 0.8]] as const;
    const said = curve.map(([trainLoss, valLoss], i) => w.epoch(epoch(i + 1, { trainLoss, valLoss })));
    expect(said.slice(0, 4).flat()).toEqual([]);
    expect(said[4]!.map((e) => e.message)).toEqual([
      'the validation loss is parting from the training loss: it rose for 3 epochs (0.7 -> 0.8) while the training loss fell (0.6 -> 0.25) (expected to fall together); try early stopping ("earlyStopping" in the config), l2 or dropout, or more data',
    ]);
    expect(w.epoch(epoch(6, { trainLoss: 0.2, valLoss: 0.9 }))).toEqual([]);
  });

  it('keeps every warning in order', () => {
    const w = new TrainingWatcher();
    w.epoch(epoch(1, { lr: 10, updateRatios: { 'x.weight': 0.5 }, deadRelu: { r: 1 } }));
    w.epoch(epoch(2, { lr: 10, updateRatios: { 'x.weight': 0.5 }, deadRelu: { r: 1 } }));
    expect(w.warnings.map((e) => `${e.kind} ${e.epoch}`)).toEqual(['update-ratio 1', 'dead-relu 2']);
  });
});

describe('warning records in the run log', () => {
  const warning = { type: 'warning', kind: 'dead-relu', message: 'm', epoch: 2, step: 8, tensor: 'layers.1' } as const;

  it('parse like any record', () => {
    expect(parseRunLog(`${JSON.stringify(warning)}\n`)).toEqual({ events: [warning], problems: [] });
  });

  it('a resume from epoch 1 supersedes the warnings of epoch 2, as it does the epoch itself', () => {
    const start = { type: 'start', time: 't', name: 'n', config: {}, parameters: 1, trainSize: 1, valSize: 0, testSize: 0, stepsPerEpoch: 4, backend: 'cpu' } as const;
    const early = { ...warning, epoch: 1, step: 2 };
    const resumed = { ...start, resumedFromEpoch: 1 };
    expect(resumedEvents([start, epoch(1), early, epoch(2), warning, resumed])).toEqual([start, epoch(1), early, resumed]);
  });
});

describe('fit with watch', () => {
  function options(lr: number, epochs: number): FitOptions {
    const config = parseTrainConfig({
      seed: 3,
      data: { source: { type: 'spiral', classes: 3, pointsPerClass: 50 } },
      model: [{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr }, epochs, batchSize: 50,
    }, 'watch.json');
    const exp = buildExperiment(config);
    return { model: exp.model, loss: exp.loss, optimizer: exp.optimizer, train: exp.train, epochs, batchSize: exp.batchSize, rng: exp.shuffleRng };
  }

  it('is off by default: lr 10 logs no warning', async () => {
    const logged: RunEvent[] = [];
    await fit({ ...options(10, 2), log: { write: (e) => void logged.push(e) } });
    expect(logged.filter((e) => e.type === 'warning')).toEqual([]);
  });

  it('logs and reports the update-ratio warning of lr 10 in the first epoch, and strict stops there', async () => {
    const logged: RunEvent[] = [];
    const told: WarningEvent[] = [];
    const result = await fit({
      ...options(10, 4), watch: { strict: true },
      log: { write: (e) => void logged.push(e) }, callbacks: { onWarning: (w) => void told.push(w) },
    });
    expect(told.length).toBeGreaterThan(0);
    expect(logged.filter((e) => e.type === 'warning')).toEqual(told);
    expect(told.some((w) => w.kind === 'update-ratio' && w.epoch === 1 && /^learning rate 10 looks too high: update\/weight ratio /.test(w.message))).toBe(true);
    expect(result.status).toBe('stopped-by-warning');
    expect(result.epochs).toBe(1);
    expect(result.message).toBe(`stopped at the end of epoch 1 by the first warning (strict): ${told[0]!.message}`);
  });

  it('lr 0.1 trains 4 epochs with no warning', async () => {
    const told: WarningEvent[] = [];
    const result = await fit({ ...options(0.1, 4), watch: { strict: true }, callbacks: { onWarning: (w) => void told.push(w) } });
    expect(told).toEqual([]);
    expect(result.status).toBe('finished');
  });
});

describe('TrainingWatcher on a converged run', () => {
  it('does not call a several-fold rise of a near-zero loss a blow-up (it must also be 0.1 x the initial loss)', () => {
    const w = new TrainingWatcher();
    w.iteration(step(1, 2.3));
    // 0.03 -> 0.16 is 5.3x, but 0.13 < 0.1 x 2.3 = 0.23; 0.03 -> 0.3 is 0.27 above: it warns.
    expect(w.epoch(epoch(1, { trainLoss: 0.03 }))).toEqual([]);
    expect(w.epoch(epoch(2, { trainLoss: 0.16 }))).toEqual([]);
    expect(w.epoch(epoch(3, { trainLoss: 0.3 })).map((e) => e.kind)).toEqual(['loss-rise']);
  });
});
