// A model trained on a `scale: true` Fashion-MNIST source records the scale (extras.inputScale =
// 1/255), so `descent predict` on the raw IDX pixels scores the training images exactly as training
// did, with no --scale. The data is a fake 28x28 folder written here (the real set is optional).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { Rng } from '../../src/tensor/rng.js';
import { captureIO, tempDir, writeJson } from './helpers.js';

const dir = tempDir('predict-scaled');

/** n 28x28 images whose label is which quarter of the image is bright, as IDX bytes. */
function fakeSplit(n: number, seed: number): { images: Buffer; labels: Buffer } {
  const rng = new Rng(seed);
  const images = Buffer.alloc(16 + n * 784);
  images.writeUInt32BE(0x803, 0);
  images.writeUInt32BE(n, 4);
  images.writeUInt32BE(28, 8);
  images.writeUInt32BE(28, 12);
  const labels = Buffer.alloc(8 + n);
  labels.writeUInt32BE(0x801, 0);
  labels.writeUInt32BE(n, 4);
  for (let i = 0; i < n; i++) {
    const label = i % 4;
    labels[8 + i] = label;
    for (let p = 0; p < 784; p++) {
      const quarter = (Math.floor(p / 28) < 14 ? 0 : 2) + (p % 28 < 14 ? 0 : 1);
      images[16 + i * 784 + p] = quarter === label ? 150 + rng.int(100) : rng.int(100);
    }
  }
  return { images, labels };
}

describe('descent predict on a model trained on scaled pixels', () => {
  it('records inputScale 1/255 and reproduces the training accuracy on the raw IDX file', async () => {
    const data = join(dir, 'fmnist');
    mkdirSync(data);
    const train = fakeSplit(80, 1);
    writeFileSync(join(data, 'train-images-idx3-ubyte.gz'), gzipSync(train.images));
    writeFileSync(join(data, 'train-labels-idx1-ubyte.gz'), gzipSync(train.labels));
    const config = writeJson(dir, 'scaled.json', {
      seed: 1,
      data: { source: { type: 'fashion-mnist', split: 'train', dir: data, scale: true } },
      model: [{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: 10 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.01 }, epochs: 3, batchSize: 16,
    });
    const io = captureIO(dir, { DESCENT_BACKEND: 'cpu' });
    expect(await main(['train', config, '--out', join(dir, 'run'), '--json'], io), io.stderr).toBe(0);
    const summary = JSON.parse(io.stdout) as { trainAccuracy: number };
    const model = JSON.parse(readFileSync(join(dir, 'run', 'model.json'), 'utf8')) as { extras: Record<string, unknown> };
    expect(model.extras.inputScale).toBeCloseTo(1 / 255, 15);

    const predict = captureIO(dir, { DESCENT_BACKEND: 'cpu' });
    const args = ['predict', join(dir, 'run', 'model.json'), join(data, 'train-images-idx3-ubyte.gz'),
      '--labels', join(data, 'train-labels-idx1-ubyte.gz'), '--json'];
    expect(await main(args, predict), predict.stderr).toBe(0);
    const out = JSON.parse(predict.stdout) as { accuracy: number; n: number };
    expect(out.n).toBe(80);
    expect(out.accuracy).toBeCloseTo(summary.trainAccuracy, 10);
    // Unscaled pixels (0..255 into a model trained on 0..1) would score near chance: the test can fail.
    expect(summary.trainAccuracy).toBeGreaterThan(0.5);
  });
});
