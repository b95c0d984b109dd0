// Numerics guards: softmax, log-softmax, log-sum-exp and the classification losses stay finite at
// extreme float32 logits; training on raw 0..255 features either trains or stops with a message
// that says to standardize (the trap brain.js users fall into), never silently with NaN weights.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backward } from '../../src/autograd/backward.js';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { binaryCrossEntropy } from '../../src/losses/binary-cross-entropy.js';
import { softmaxCrossEntropy } from '../../src/losses/softmax-cross-entropy.js';
import { logSumExp } from '../../src/ops/composites/log-sum-exp.js';
import { logSoftmax } from '../../src/ops/log-softmax.js';
import { softmax } from '../../src/ops/softmax.js';
import { tensor } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';
import { tempDir } from './configs.js';

const F32_MAX = 3.4028234663852886e38;
// Rows of extreme logits: far beyond exp's float32 range (88.7), huge gaps, the largest float32.
const EXTREME = [
  [1000, 0, -1000],
  [89, 100, 88],
  [-1e30, -1e30 + 1e24, 0],
  [F32_MAX, 0, -F32_MAX],
  [-5e4, -5e4, -5e4],
];

const allFinite = (xs: ArrayLike<number>): boolean => Array.from(xs).every(Number.isFinite);

describe('softmax and log-sum-exp at extreme float32 logits', () => {
  it.each(EXTREME)('row [%d, %d, %d]: finite results that match the max-shifted closed form', (a, b, c) => {
    const x = tensor([[a, b, c]], { dtype: 'float32' });
    const row = Float32Array.from([a, b, c]);
    const m = Math.max(...row);
    // Closed form in float64 from the float32 inputs: log sum exp(x) = m + log sum exp(x - m).
    const lse = m + Math.log(Array.from(row).reduce((s, v) => s + Math.exp(v - m), 0));
    const p = Array.from(row, (v) => Math.exp(v - m - (lse - m)));
    const s = softmax(x);
    const ls = logSoftmax(x);
    const l = logSumExp(x, -1);
    expect(allFinite(s.data) && allFinite(l.data)).toBe(true);
    expect(Array.from(s.data).reduce((u, v) => u + v, 0)).toBeCloseTo(1, 6);
    Array.from(s.data).forEach((v, i) => expect(v).toBeCloseTo(p[i]!, 6));
    expect(Math.abs(l.item() - lse)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(lse)));
    // log-softmax is finite wherever the probability is representable; -Inf only for true underflow.
    Array.from(ls.data).forEach((v, i) => {
      const exact = row[i]! - lse;
      if (Number.isFinite(Math.fround(exact))) expect(Math.abs(v - exact)).toBeLessThanOrEqual(Math.max(1e-6, Math.abs(exact) * 1e-6));
    });
  });

  it.each(EXTREME.filter((r) => Math.max(...r.map(Math.abs)) <= 1e30))('softmax cross-entropy on [%d, %d, %d]: finite loss and gradient', (a, b, c) => {
    for (const label of [0, 1, 2]) {
      const x = tensor([[a, b, c]], { dtype: 'float32', requiresGrad: true });
      const loss = softmaxCrossEntropy(x, [label]);
      backward(loss);
      const row = [a, b, c].map((v) => Math.fround(v));
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
      expect(Number.isFinite(loss.item())).toBe(true);
      expect(loss.item() / (lse - row[label]!) || 0).toBeCloseTo(lse - row[label]! === 0 ? 0 : 1, 5);
      expect(allFinite(x.grad!.data)).toBe(true);
    }
  });

  it('binary cross-entropy with logits of ±1e4 and ±1e30 is finite (softplus form), gradient too', () => {
    const x = tensor([1e4, -1e4, 1e30, -1e30], { dtype: 'float32', requiresGrad: true });
    const target = tensor([0, 1, 1, 0], { dtype: 'float32' });
    const loss = binaryCrossEntropy(x, target, { reduction: 'sum' });
    backward(loss);
    // Wrong-side logits cost |x| each (softplus(|x|) = |x| for large |x|); right-side ones cost 0.
    expect(loss.item()).toBeCloseTo(2e4, 0);
    expect(allFinite(x.grad!.data)).toBe(true);
  });
});

function capture(): IO & { text: () => string } {
  let text = '';
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTTY: false, env: {}, cwd: tempDir(), text: () => text };
}

/** A CSV of 120 "images" of 16 raw pixel values 0..255; the class is whether the left half is brighter. */
function rawPixelCsv(): string {
  const rng = new Rng(11);
  const lines = [[...Array.from({ length: 16 }, (_, j) => `p${j}`), 'label'].join(',')];
  for (let i = 0; i < 120; i++) {
    const px = Array.from({ length: 16 }, () => rng.int(256));
    const left = px.slice(0, 8).reduce((a, b) => a + b, 0);
    const right = px.slice(8).reduce((a, b) => a + b, 0);
    lines.push([...px, left > right ? 1 : 0].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('training on raw pixel values 0..255', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'pixels.csv'), rawPixelCsv());
  const config = (extra: object, lr = 0.5, rest: object = {}) => {
    const file = join(dir, `config-${Object.keys(extra).join('-') || 'raw'}-${lr}-${Object.keys(rest).join('-')}.json`);
    writeFileSync(file, JSON.stringify({
      seed: 1,
      data: { source: { type: 'csv', path: 'pixels.csv', label: 'label' }, ...extra },
      model: [{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: 2 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr }, epochs: 20, batchSize: 20,
      ...rest,
    }));
    return file;
  };

  it.each([0.5, 0.05, 5])('without preprocessing (lr %d): trains to a finite loss, or stops with exit 3 and says to standardize', async (lr) => {
    const io = capture();
    const out = join(dir, `raw-run-${lr}`);
    const code = await main(['train', config({}, lr), '--out', out, '--json'], io);
    const text = io.text();
    const { loadModel } = await import('../../src/train/node/model-file.js');
    const { state } = loadModel(join(out, 'model.json'));
    for (const t of Object.values(state)) expect(allFinite(t.data)).toBe(true);
    const summary = JSON.parse(text.split('\n').find((l) => l.startsWith('{'))!) as { status: string; trainLoss: number };
    if (code === 0) {
      expect(summary.status).toBe('finished');
      expect(Number.isFinite(summary.trainLoss)).toBe(true);
      return;
    }
    expect(code, text).toBe(3);
    expect(text).toMatch(/the loss became (NaN|Infinity|-Infinity)/);
    expect(text).toMatch(/input features reach \|x\| = 25\d: standardize them \(add "preprocess": \["standardize"\]/);
    expect(Number.isFinite(summary.trainLoss)).toBe(true);
  });

  it('a linear regression on raw pixels diverges: the message says to standardize', async () => {
    const io = capture();
    const mse = { loss: 'mse', model: [{ type: 'linear', units: 1 }] };
    expect(await main(['train', config({}, 0.1, mse), '--out', join(dir, 'raw-mse'), '--quiet'], io)).toBe(3);
    expect(io.text()).toMatch(/training diverged: the loss became (NaN|Infinity).*standardize them \(add "preprocess"/);
  });

  it('descent train warns up front about unstandardized inputs of large magnitude', async () => {
    const io = capture();
    await main(['train', config({}, 0.05), '--out', join(dir, 'warn'), '--quiet'], io);
    expect(io.text()).toMatch(/warning: the input features reach \|x\| = 255 and no preprocessing is configured/);
    const quiet = capture();
    await main(['train', config({ preprocess: ['standardize'] }), '--out', join(dir, 'nowarn'), '--quiet'], quiet);
    // lr 0.5 draws the trainer's learning-rate warning (ratios ~0.4 in epoch 1); the magnitude one must go.
    expect(quiet.text()).not.toMatch(/warning: the input features/);
  });

  it('with "preprocess": ["standardize"] the same run trains to finite losses and learns', async () => {
    const io = capture();
    const code = await main(['train', config({ preprocess: ['standardize'] }), '--out', join(dir, 'std-run'), '--json'], io);
    expect(code, io.text()).toBe(0);
    const summary = JSON.parse(io.text().trim().split('\n').at(-1)!) as { status: string; trainLoss: number; trainAccuracy: number };
    expect(summary.status).toBe('finished');
    expect(Number.isFinite(summary.trainLoss)).toBe(true);
    expect(summary.trainAccuracy).toBeGreaterThan(0.8);
  });
});
