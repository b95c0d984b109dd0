// Paths through the training loop that a config turns on, each checked against a computation
// written out in the test (float64 loops from test/train/reference-mlp.ts, the schedule formulas,
// PyTorch's plateau rule): gradient clipping, max-norm, the per-epoch health figures, the lr and
// momentum schedules and the plateau factor per iteration, a separate test set in the summary,
// and what a person sees of the progress (plain lines in a pipe, bars on a terminal).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { terminalProgress } from '../../src/cli/progress.js';
import type { Experiment } from '../../src/config/build.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { trainFromConfig, type TrainSummary } from '../../src/config/node/train-run.js';
import type { Dataset } from '../../src/data/dataset.js';
import { spiral } from '../../src/data/spiral.js';
import { Rng } from '../../src/tensor/rng.js';
import type { EpochEvent, IterationEvent, RunEvent } from '../../src/train/run-log.js';
import { loadModel } from '../../src/train/node/model-file.js';
import { crossEntropy64, forward64, relClose, type Values } from '../train/reference-mlp.js';
import { captureIO, tempDir, writeCsv, writeJson } from './helpers.js';
import { fakeTty } from '../helpers/fake-tty.js';

const dir = tempDir('fit-paths');
const SPIRAL = (seed: number, pointsPerClass: number): Dataset => spiral({ classes: 3, pointsPerClass, noise: 0.2 }, new Rng(seed));
const trainCsv = writeCsv(join(dir, 'train.csv'), SPIRAL(11, 20));
const testCsv = writeCsv(join(dir, 'test.csv'), SPIRAL(12, 30));
const csv = (path: string) => ({ type: 'csv', path, label: 'label' });

/** Every parameter's values, copied, by name. */
const snapshot = (exp: Experiment): Record<string, Float64Array> =>
  Object.fromEntries(exp.model.namedParameters().map(([n, t]) => [n, Float64Array.from(t.data)]));
const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const asValues = (s: Record<string, Float64Array>, exp: Experiment): Values =>
  Object.fromEntries(exp.model.namedParameters().map(([n, t]) => [n, { shape: t.shape, data: s[n]! }]));

interface Trace {
  exp?: Experiment;
  /** Parameters before training, then after each epoch. */
  ends: Record<string, Float64Array>[];
  epochs: EpochEvent[];
  iterations: IterationEvent[];
  summary: TrainSummary;
}

/** Trains a config (given as JSON) through trainFromConfig, recording weights and events. */
async function trace(raw: object, name: string, onIteration?: (exp: Experiment) => void): Promise<Trace> {
  const t = { ends: [], epochs: [], iterations: [] } as unknown as Trace;
  const config = parseTrainConfig(raw, join(dir, `${name}.json`));
  t.summary = await trainFromConfig(config, {
    outDir: join(dir, name), checkpointEvery: 0,
    callbacks: {
      onStart: (exp) => {
        t.exp = exp;
        t.ends.push(snapshot(exp));
      },
      onIteration: (e) => {
        t.iterations.push(e);
        onIteration?.(t.exp!);
      },
      onEpoch: (e) => {
        t.epochs.push(e);
        t.ends.push(snapshot(t.exp!));
      },
    },
  });
  return t;
}

/** The float64 gradient of the mean softmax cross-entropy of a linear layer (w (d, k), b (k)) on `ds`. */
function linearGradient(w: Float64Array, b: Float64Array, ds: Dataset): { gw: Float64Array; gb: Float64Array } {
  const { n, d } = ds;
  const k = b.length;
  const gw = new Float64Array(d * k);
  const gb = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    const z = Array.from({ length: k }, (_, c) => b[c]! + Array.from({ length: d }, (_, j) => ds.x[r * d + j]! * w[j * k + c]!).reduce((a, x) => a + x, 0));
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, x) => a + x, 0);
    for (let c = 0; c < k; c++) {
      const dz = (e[c]! / s - (ds.y[r] === c ? 1 : 0)) / n;
      gb[c]! += dz;
      for (let j = 0; j < d; j++) gw[j * k + c]! += ds.x[r * d + j]! * dz;
    }
  }
  return { gw, gb };
}

describe('clipGradNorm from a config', () => {
  it('each full-batch SGD step is the hand-computed step with the gradient scaled to norm c', async () => {
    const lr = 0.5;
    const c = 0.02;
    const t = await trace({
      seed: 4, data: { source: csv(trainCsv) }, model: [{ type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr }, epochs: 4, batchSize: 60, clipGradNorm: c,
    }, 'clip');
    const ds = t.exp!.train.ds;
    for (let e = 1; e <= 4; e++) {
      const before = t.ends[e - 1]!;
      const after = t.ends[e]!;
      const { gw, gb } = linearGradient(before['layers.0.weight']!, before['layers.0.bias']!, ds);
      const g = Math.hypot(norm(gw), norm(gb));
      expect(g).toBeGreaterThan(3 * c); // clipping is active at every step
      const scale = Math.min(1, c / (g + 1e-6)); // PyTorch's clip_grad_norm_
      const step = Math.hypot(...['weight', 'bias'].map((p) => norm(after[`layers.0.${p}`]!.map((v, i) => v - before[`layers.0.${p}`]![i]!))));
      expect(step).toBeCloseTo(lr * c, 6);
      after['layers.0.weight']!.forEach((v, i) => expect(v).toBeCloseTo(before['layers.0.weight']![i]! - lr * scale * gw[i]!, 6));
      after['layers.0.bias']!.forEach((v, i) => expect(v).toBeCloseTo(before['layers.0.bias']![i]! - lr * scale * gb[i]!, 6));
    }
  });
});

describe('maxNorm from a config', () => {
  const config = (regularization: object) => ({
    seed: 5, data: { source: csv(trainCsv) },
    model: [{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: 3 }],
    loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 2 }, epochs: 6, batchSize: 10, regularization,
  });
  const columnNorms = (w: Float64Array, shape: readonly number[]): number[] =>
    Array.from({ length: shape[1]! }, (_, j) => norm(Array.from({ length: shape[0]! }, (_, i) => w[i * shape[1]! + j]!)));

  it("keeps every unit's incoming weight norm <= c after every step and epoch; without it they grow past c", async () => {
    const c = 0.6;
    const weights = (exp: Experiment) => exp.model.namedParameters().filter(([n]) => n.endsWith('weight'));
    const worst: number[] = [];
    const free = await trace(config({}), 'no-maxnorm');
    const [w0, w2] = ['layers.0.weight', 'layers.2.weight'].map((n) => free.ends.at(-1)![n]!);
    expect(Math.max(...columnNorms(w0!, [2, 16]), ...columnNorms(w2!, [16, 3]))).toBeGreaterThan(2 * c);

    const t = await trace(config({ maxNorm: c }), 'maxnorm', (exp) => {
      worst.push(Math.max(...weights(exp).flatMap(([, p]) => columnNorms(Float64Array.from(p.data), p.shape))));
    });
    expect(worst).toHaveLength(6 * 6);
    for (const w of worst) expect(w).toBeLessThanOrEqual(c * (1 + 1e-6));
    for (const end of t.ends.slice(1)) {
      const norms = [...columnNorms(end['layers.0.weight']!, [2, 16]), ...columnNorms(end['layers.2.weight']!, [16, 3])];
      expect(Math.max(...norms)).toBeLessThanOrEqual(c * (1 + 1e-6));
      expect(Math.max(...norms)).toBeGreaterThan(c * (1 - 1e-5)); // the constraint is binding
    }
  });
});

describe('the health figures of each epoch', () => {
  it('updateRatios: the norm of the epoch\'s last update over the norm of the weights before it', async () => {
    // Full batch: one step per epoch, so the epoch's last update is the whole change of the epoch.
    const t = await trace({
      seed: 6, data: { source: csv(trainCsv), validation: 0.25 },
      model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.5 }, epochs: 5, batchSize: 45,
    }, 'health');
    expect(t.iterations).toHaveLength(5);
    for (let e = 1; e <= 5; e++) {
      const before = t.ends[e - 1]!;
      const after = t.ends[e]!;
      for (const [name, values] of Object.entries(after)) {
        const w = norm(before[name]!);
        const u = norm(values.map((v, i) => v - before[name]![i]!));
        const ratio = t.epochs[e - 1]!.updateRatios[name]!;
        if (w === 0) expect(ratio).toBe(Infinity); // the zero-initialized biases at epoch 1
        else expect(relClose(ratio, u / w, 1e-4), `${name} epoch ${e}: ${ratio} vs ${u / w}`).toBe(true);
      }
    }
  });

  it('deadRelu: the fraction of hidden units off on every validation row, from the end-of-epoch weights', async () => {
    // Four of the 8 hidden units get a bias of -100 before training: they never fire (and, with no
    // gradient, stay dead); a large lr may kill others, which the reference counts too.
    const dead = [1, 4, 5, 7];
    const config = parseTrainConfig({
      seed: 6, data: { source: csv(trainCsv), validation: 0.25 },
      model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 3 }, epochs: 5, batchSize: 45,
    }, join(dir, 'dead.json'));
    let exp: Experiment | undefined;
    const fractions: number[] = [];
    const recorded: number[] = [];
    await trainFromConfig(config, {
      outDir: join(dir, 'dead'), checkpointEvery: 0,
      callbacks: {
        onStart: (x) => {
          exp = x;
          const bias = x.model.namedParameters().find(([n]) => n === 'layers.0.bias')![1];
          for (const j of dead) bias.data[j] = -100;
        },
        onEpoch: (e) => {
          recorded.push(e.deadRelu['layers.1']!);
          // The reference: hidden pre-activations of the validation rows (all 15 < 512), in float64.
          const val = exp!.validation!.ds;
          const { out, k } = forward64(asValues(snapshot(exp!), exp!), ['linear'], val.x, val.n, val.d);
          let off = 0;
          for (let j = 0; j < k; j++) if (Array.from({ length: val.n }, (_, r) => out[r * k + j]!).every((v) => v <= 0)) off++;
          fractions.push(off / k);
        },
      },
    });
    expect(recorded).toHaveLength(5);
    expect(recorded).toEqual(fractions);
    for (const f of fractions) expect(f).toBeGreaterThanOrEqual(dead.length / 8);
  });
});

describe('schedules are applied per iteration', () => {
  it('lr follows cosine and momentum follows linear at fractional t = (step - 1) / stepsPerEpoch', async () => {
    const t = await trace({
      seed: 7, data: { source: csv(trainCsv) }, model: [{ type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.2, momentum: 0.9 },
      schedule: { type: 'cosine', T: 4, min: 0.1 }, momentumSchedule: { type: 'linear', start: 0.5, end: 0.9, epochs: 3 },
      epochs: 5, batchSize: 20,
    }, 'schedules');
    expect(t.iterations).toHaveLength(15);
    t.iterations.forEach((it, i) => {
      const time = i / 3;
      expect(it.step).toBe(i + 1);
      expect(it.t).toBeCloseTo(time, 12);
      expect(it.lr).toBeCloseTo(0.2 * (0.1 + (0.9 * (1 + Math.cos((Math.PI * Math.min(time, 4)) / 4))) / 2), 12);
      expect(it.momentum).toBeCloseTo(0.5 + 0.4 * Math.min(time / 3, 1), 12);
    });
  });

  it('a plateau reducer multiplies the lr of the iterations after each epoch without improvement', async () => {
    const t = await trace({
      seed: 8, data: { source: csv(trainCsv), validation: 0.25 },
      model: [{ type: 'linear', units: 8 }, 'tanh', { type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 1.5 },
      schedule: { type: 'reduceOnPlateau', metric: 'valAccuracy', patience: 1, factor: 0.5 },
      epochs: 12, batchSize: 15,
    }, 'plateau');
    // PyTorch's ReduceLROnPlateau, mode max, threshold 1e-4 relative, no cooldown.
    let best = -Infinity;
    let bad = 0;
    let factor = 1;
    const expected: number[] = [];
    for (const e of t.epochs) {
      for (let s = 0; s < 3; s++) expected.push(1.5 * factor);
      if (e.valAccuracy! > best + 1e-4 * Math.abs(best === -Infinity ? 0 : best)) [best, bad] = [e.valAccuracy!, 0];
      else bad++;
      if (bad > 1) [factor, bad] = [factor * 0.5, 0];
    }
    expect(t.iterations.map((i) => i.lr)).toEqual(expected);
    expect(Math.min(...expected)).toBeLessThan(1.5); // it did reduce
  });
});

describe('a separate test set (data.test)', () => {
  it('gives testLoss and testAccuracy in the summary and the run log, those of the saved model', async () => {
    const file = writeJson(dir, 'with-test.json', {
      seed: 9, data: { source: csv(trainCsv), test: csv(testCsv) },
      model: [{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.05 }, epochs: 30, batchSize: 20,
    });
    const io = captureIO(dir);
    expect(await main(['train', file, '--json', '--out', 'with-test'], io), io.stderr).toBe(0);
    const summary = JSON.parse(io.stdout) as TrainSummary;
    const { model } = loadModel(join(dir, 'with-test', 'model.json'));
    const test = SPIRAL(12, 30);
    const { out, k } = forward64(model.stateDict() as Values, ['linear', 'relu', 'linear'], test.x, test.n, test.d);
    const ref = crossEntropy64(out, test.n, k, test.y);
    expect(relClose(summary.testLoss!, ref.loss, 1e-5), `${summary.testLoss} vs ${ref.loss}`).toBe(true);
    expect(Math.abs(summary.testAccuracy! - ref.accuracy)).toBeLessThanOrEqual(1 / test.n + 1e-12);
    expect(ref.accuracy).toBeGreaterThan(0.5); // a trained model, not chance (1/3)
    const events = readFileSync(join(dir, 'with-test', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
    const end = events.at(-1)!;
    expect(end.type === 'end' && [end.testLoss, end.testAccuracy]).toEqual([summary.testLoss, summary.testAccuracy]);
    const start = events[0]!;
    expect(start.type === 'start' && start.testSize).toBe(90);
  });
});

describe('progress output', () => {
  it('in a pipe: one plain line for epoch 1, every 3rd epoch and the last of 120, with its figures', async () => {
    const file = writeJson(dir, 'plain.json', {
      seed: 10, data: { source: csv(trainCsv), validation: 0.25 }, model: [{ type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.5 }, epochs: 120, batchSize: 45,
    });
    const io = captureIO(dir);
    expect(await main(['train', file, '--out', 'plain'], io), io.stderr).toBe(0);
    const lines = io.stdout.split('\n').filter((l) => l.startsWith('epoch'));
    const records = readFileSync(join(dir, 'plain', 'metrics.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l) as RunEvent).filter((e): e is EpochEvent => e.type === 'epoch');
    const shown = [1, ...Array.from({ length: 40 }, (_, i) => 3 * (i + 1))];
    expect(lines).toHaveLength(shown.length);
    const pattern = /^epoch (.{3})\/120 {2}loss (\S+) {2}acc (\S+)% {2}val_loss (\S+) {2}val_acc (\S+)% {2}lr (\S+) {2}(\d+\.\d)s$/;
    lines.forEach((line, i) => {
      const m = pattern.exec(line);
      expect(m, line).not.toBeNull();
      const e = records[shown[i]! - 1]!;
      expect(m![1]).toBe(String(shown[i]).padStart(3));
      expect(Math.abs(Number(m![2]) - e.trainLoss)).toBeLessThanOrEqual(5e-5 + 1e-12);
      expect(Math.abs(Number(m![3]) - 100 * e.trainAccuracy!)).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs(Number(m![4]) - e.valLoss!)).toBeLessThanOrEqual(5e-5 + 1e-12);
      expect(Math.abs(Number(m![5]) - 100 * e.valAccuracy!)).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Number(m![6])).toBe(0.5);
    });
  });

  it('on a terminal: one finished bar per epoch, and none for the epoch after early stopping', async () => {
    const { stream, written } = fakeTty(160);
    const raw = {
      seed: 10, data: { source: csv(trainCsv), validation: 0.25 }, model: [{ type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.5 }, epochs: 30, batchSize: 2,
      // Nothing beats epoch 1 by 100 nats: stop after epoch 3.
      earlyStopping: { metric: 'valLoss', patience: 2, minDelta: 100 },
    };
    const progress = terminalProgress(stream, 30, Math.ceil(45 / 2));
    const epochs: EpochEvent[] = [];
    const summary = await trainFromConfig(parseTrainConfig(raw, join(dir, 'tty.json')), {
      outDir: join(dir, 'tty'), checkpointEvery: 0,
      callbacks: { onIteration: (e) => progress.onIteration(e), onEpoch: (e) => void (progress.onEpoch(e), epochs.push(e)) },
    });
    progress.stop();
    expect(summary.status).toBe('stopped-early');
    expect(epochs).toHaveLength(3);
    // What stays visible: per line, the text after the last return to column 1, escapes removed.
    // eslint-disable-next-line no-control-regex
    const visible = written().split('\n').map((l) => (l.split('\u001b[1G').at(-1) ?? '').replace(/\u001b(\[[0-9;?]*[A-Za-z]|[78])/g, '').trim());
    const bars = visible.filter((l) => l !== '');
    expect(bars).toHaveLength(3);
    bars.forEach((bar, i) => {
      const e = epochs[i]!;
      expect(bar).toMatch(new RegExp(`^epoch ${i + 1}/30 \\|█+\\| 100% \\| loss ${e.trainLoss.toFixed(4)} \\| acc ${(100 * e.trainAccuracy!).toFixed(1)}% \\| val_acc ${(100 * e.valAccuracy!).toFixed(1)}%`));
    });
    expect(written()).not.toContain('epoch 4/30');
  });
});
