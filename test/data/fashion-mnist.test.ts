import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { FASHION_MNIST_DEBIAN_DIR, loadFashionMnist } from '../../src/data/node/fashion-mnist.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-fmnist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** n tiny 28x28 images (pixel value = item index) and labels i % 10, as IDX bytes. */
function fakeSplit(n: number): { images: Buffer; labels: Buffer } {
  const images = Buffer.alloc(16 + n * 784);
  images.writeUInt32BE(0x803, 0);
  images.writeUInt32BE(n, 4);
  images.writeUInt32BE(28, 8);
  images.writeUInt32BE(28, 12);
  for (let i = 0; i < n; i++) images.fill(i, 16 + i * 784, 16 + (i + 1) * 784);
  const labels = Buffer.alloc(8 + n);
  labels.writeUInt32BE(0x801, 0);
  labels.writeUInt32BE(n, 4);
  for (let i = 0; i < n; i++) labels[8 + i] = i % 10;
  return { images, labels };
}

/** Writes one split's two files, gzip-compressed, into `folder`. */
function writeSplit(folder: string, split: 'train' | 'test', n: number): void {
  mkdirSync(folder, { recursive: true });
  const { images, labels } = fakeSplit(n);
  const prefix = split === 'train' ? 'train' : 't10k';
  writeFileSync(join(folder, `${prefix}-images-idx3-ubyte.gz`), gzipSync(images));
  writeFileSync(join(folder, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(labels));
}

describe('loadFashionMnist', () => {
  it('reads plain names (train) and .gz names (test) from the folder in the config', () => {
    const folder = join(dir, 'plain');
    mkdirSync(folder);
    const train = fakeSplit(12);
    writeFileSync(join(folder, 'train-images-idx3-ubyte'), train.images);
    writeFileSync(join(folder, 'train-labels-idx1-ubyte'), train.labels);
    const test = fakeSplit(3);
    writeFileSync(join(folder, 't10k-images-idx3-ubyte.gz'), gzipSync(test.images));
    writeFileSync(join(folder, 't10k-labels-idx1-ubyte.gz'), gzipSync(test.labels));
    const ds = loadFashionMnist({ dir: folder, envDir: '/nonexistent' });
    expect([ds.n, ds.d, ds.classes, ds.imageShape]).toEqual([12, 784, 10, [28, 28]]);
    expect([ds.x[784 * 11], ds.y[11]]).toEqual([11, 1]);
    const t = loadFashionMnist({ dir: folder, split: 'test', scale: true });
    expect(t.n).toBe(3);
    expect(t.x[784 * 2]).toBeCloseTo(2 / 255, 7);
  });

  it('reads from DESCENT_DATA (passed as envDir), also from its fashion-mnist/ sub-folder', () => {
    const root = join(dir, 'env');
    mkdirSync(join(root, 'fashion-mnist'), { recursive: true });
    const { images, labels } = fakeSplit(2);
    writeFileSync(join(root, 'fashion-mnist', 't10k-images-idx3-ubyte.gz'), gzipSync(images));
    writeFileSync(join(root, 'fashion-mnist', 't10k-labels-idx1-ubyte.gz'), gzipSync(labels));
    expect(loadFashionMnist({ envDir: root, split: 'test' }).n).toBe(2);
  });

  it('when absent, says where it looked and how to get the files', () => {
    const missing = join(dir, 'missing');
    let error: unknown;
    try {
      loadFashionMnist({ dir: missing });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataError);
    const message = (error as DataError).message;
    expect(message).toContain(join(missing, 'train-images-idx3-ubyte'));
    expect(message).toContain(join(missing, 'train-labels-idx1-ubyte.gz'));
    expect(message).toContain(join(missing, 'fashion-mnist', 'train-images-idx3-ubyte.gz'));
    expect(message).toContain('apt-get install dataset-fashion-mnist');
    expect(message).toContain('DESCENT_DATA');
    expect(message).toContain('the folder given in the config');
  });

  it('the folder given in the config is the only place looked, even when another has the files', () => {
    const fallback = join(dir, 'fallback-for-config');
    writeSplit(fallback, 'train', 4);
    const empty = join(dir, 'config-empty');
    mkdirSync(empty);
    expect(() => loadFashionMnist({ dir: empty, envDir: fallback, fallbackDir: fallback })).toThrow(DataError);
    expect(() => loadFashionMnist({ dir: empty, fallbackDir: fallback })).toThrow(`${empty}: Fashion-MNIST train files not found in the folder given in the config (${empty})`);
  });

  it('a DESCENT_DATA folder without the files falls through to the default folder', () => {
    const env = join(dir, 'env-other-data');
    mkdirSync(join(env, 'fashion-mnist'), { recursive: true });
    // Half a set (images without labels) does not count either.
    writeFileSync(join(env, 'fashion-mnist', 'train-images-idx3-ubyte'), fakeSplit(1).images);
    const fallback = join(dir, 'fallback');
    writeSplit(join(fallback, 'fashion-mnist'), 'train', 5);
    const ds = loadFashionMnist({ envDir: env, fallbackDir: fallback });
    expect(ds.n).toBe(5);
    expect(ds.source).toBe(join(fallback, 'fashion-mnist', 'train-images-idx3-ubyte.gz'));
    // DESCENT_DATA with the files wins over the default folder.
    const full = join(dir, 'env-full');
    writeSplit(full, 'train', 7);
    expect(loadFashionMnist({ envDir: full, fallbackDir: fallback }).n).toBe(7);
  });

  it('when neither DESCENT_DATA nor the default folder has them, the error lists every path tried', () => {
    const env = join(dir, 'env-empty');
    const fallback = join(dir, 'fallback-empty');
    let error: unknown;
    try {
      loadFashionMnist({ envDir: env, fallbackDir: fallback, split: 'test' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataError);
    const message = (error as DataError).message;
    expect(message).toContain(`the folder in DESCENT_DATA (${env}), then the default folder (${fallback})`);
    for (const folder of [env, join(env, 'fashion-mnist'), fallback, join(fallback, 'fashion-mnist')]) {
      for (const name of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
        expect(message).toContain(`\n  ${join(folder, name)}\n`);
        expect(message).toContain(`\n  ${join(folder, `${name}.gz`)}`);
      }
    }
    expect(message).toContain('apt-get install dataset-fashion-mnist');
    // Without DESCENT_DATA: the default folder alone.
    expect(() => loadFashionMnist({ fallbackDir: fallback })).toThrow(`not found in the default folder (${fallback}). Looked for`);
  });

  it.skipIf(!existsSync(FASHION_MNIST_DEBIAN_DIR))(
    "reads Debian's copy: the test split has 10,000 images, 1,000 per class (Xiao et al. 2017)",
    () => {
      const ds = loadFashionMnist({ split: 'test' });
      expect([ds.n, ds.d]).toEqual([10000, 784]);
      const counts = new Array<number>(10).fill(0);
      for (const label of ds.y) counts[label]! += 1;
      expect(counts).toEqual(new Array<number>(10).fill(1000));
      expect(Math.max(...ds.x.subarray(0, 7840))).toBeLessThanOrEqual(255);
    },
  );
});
