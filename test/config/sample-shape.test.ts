// A dataset's sample shape from source to model: digits and IDX images carry [1, H, W], a csv source
// may declare one (checked against its columns), splits and per-feature preprocessing keep it, PCA
// (which changes the feature count) drops it, and buildExperiment hands it to the model.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { idxDataset, type IdxArray } from '../../src/data/idx.js';
import { loadDigits } from '../../src/data/node/digits.js';
import { stratifiedSplit } from '../../src/data/split.js';
import { withShape } from '../../src/data/with-shape.js';
import { ConfigError } from '../../src/errors.js';
import { Rng } from '../../src/tensor/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-sample-shape-'));

const ubytes = (dims: number[], values: number[]): IdxArray => ({
  dims, typeCode: 0x08, values: Uint8Array.from(values), dataOffset: 0, bytesPerValue: 1, gzip: false,
});

/** A CSV of `rows` rows with `cols` feature columns (values i + j) and a label column alternating 0, 1. */
function csv(name: string, rows: number, cols: number): string {
  const head = [...Array.from({ length: cols }, (_, j) => `p${j}`), 'label'].join(',');
  const body = Array.from({ length: rows }, (_, i) => [...Array.from({ length: cols }, (_, j) => i + j), i % 2].join(','));
  const path = join(dir, name);
  writeFileSync(path, `${head}\n${body.join('\n')}\n`);
  return path;
}

const CNN = [{ type: 'conv2d', filters: 2, kernel: 3, padding: 1 }, 'relu', 'flatten', { type: 'linear', units: 2 }];

describe('sample shapes of datasets', () => {
  it('digits are [1, 8, 8]; 3-D IDX images (n x h x w) are [1, h, w]', () => {
    expect(loadDigits().shape).toEqual([1, 8, 8]);
    const ds = idxDataset(ubytes([2, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), ubytes([2], [0, 1]), { images: 'i', labels: 'l' });
    expect([ds.d, ds.shape]).toEqual([6, [1, 2, 3]]);
    // Flat IDX vectors (n x d) have no sample shape.
    expect(idxDataset(ubytes([2, 3], [0, 1, 2, 3, 4, 5]), ubytes([2], [0, 1]), { images: 'i', labels: 'l' }).shape).toBeUndefined();
  });

  it('a split keeps the shape', () => {
    const { train, validation } = stratifiedSplit(loadDigits(), 0.2, new Rng(1));
    expect([train.shape, validation.shape]).toEqual([[1, 8, 8], [1, 8, 8]]);
  });

  it('withShape checks the product against the columns: 2 * 3 * 4 = 24 is not 25', () => {
    const ds = { x: new Float32Array(50), n: 2, d: 25, y: new Float32Array(2), yDim: 1, source: 'p.csv' };
    expect(withShape(ds, [1, 5, 5], 'data.source.shape').shape).toEqual([1, 5, 5]);
    expect(withShape(ds, [1, 5, 5], 'data.source.shape').imageShape).toEqual([5, 5]);
    let err: unknown;
    try {
      withShape(ds, [2, 3, 4], 'data.test.shape');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe('data.test.shape');
    expect((err as ConfigError).message).toMatch(/shape \[2, 3, 4\] holds 24 values per row, but p\.csv has 25 feature columns/);
  });

  it('a csv source with "shape" trains a conv model; standardize keeps the shape', () => {
    const path = csv('img.csv', 20, 9);
    const config = parseTrainConfig({
      data: { source: { type: 'csv', path, label: 'label', shape: [1, 3, 3] }, validation: 0.25, preprocess: ['standardize'] },
      model: CNN, loss: 'softmaxCrossEntropy', optimizer: 'sgd', epochs: 1,
    }, join(dir, 'c.json'));
    const exp = buildExperiment(config);
    expect([exp.inputShape, exp.train.ds.shape, exp.validation!.ds.shape]).toEqual([[1, 3, 3], [1, 3, 3], [1, 3, 3]]);
    expect(exp.model.inputShape).toEqual([1, 3, 3]);
  });

  it('a model of dense layers reads shaped rows flat (no input shape), as before shapes existed', () => {
    const path = csv('img-mlp.csv', 20, 9);
    const exp = buildExperiment(parseTrainConfig({
      data: { source: { type: 'csv', path, label: 'label', shape: [1, 3, 3] } },
      model: [{ type: 'linear', units: 2 }], loss: 'softmaxCrossEntropy', optimizer: 'sgd', epochs: 1,
    }, join(dir, 'm.json')));
    expect([exp.train.ds.shape, exp.inputShape, exp.model.inputShape]).toEqual([[1, 3, 3], undefined, undefined]);
  });

  it('PCA changes the feature count, so the shape is dropped and a conv model is refused at model.0', () => {
    const path = csv('img-pca.csv', 20, 9);
    const data = { source: { type: 'csv', path, label: 'label', shape: [1, 3, 3] }, preprocess: [{ type: 'pca', components: 4 }] };
    const flat = buildExperiment(parseTrainConfig({
      data, model: [{ type: 'linear', units: 2 }], loss: 'softmaxCrossEntropy', optimizer: 'sgd', epochs: 1,
    }, join(dir, 'p.json')));
    expect([flat.train.ds.d, flat.train.ds.shape, flat.inputShape]).toEqual([4, undefined, undefined]);
    let err: unknown;
    try {
      buildExperiment(parseTrainConfig({ data, model: CNN, loss: 'softmaxCrossEntropy', optimizer: 'sgd', epochs: 1 }, join(dir, 'q.json')));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe('model.0');
  });

  it('the schema refuses a shape that is not a list of positive integers', () => {
    const path = csv('img-bad.csv', 4, 4);
    expect(() => parseTrainConfig({
      data: { source: { type: 'csv', path, label: 'label', shape: [1, 0, 4] } },
      model: [{ type: 'linear', units: 2 }], loss: 'softmaxCrossEntropy', optimizer: 'sgd', epochs: 1,
    }, join(dir, 'r.json'))).toThrow(/data\.source\.shape\.1/);
  });
});
