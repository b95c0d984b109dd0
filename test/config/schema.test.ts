import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrainConfig, parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { parseJson } from '../../src/config/read-json.js';
import { ConfigError, DataError } from '../../src/errors.js';
import { closestName, editDistance } from '../../src/suggest.js';

const base = {
  data: { source: 'spiral' },
  model: [{ type: 'linear', units: 10 }, 'relu', { type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 1 },
  epochs: 3,
};

function errorOf(input: unknown): ConfigError {
  try {
    parseTrainConfig(input, 'cfg.json', '/data');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('training config schema', () => {
  it('accepts the two pinned example forms', () => {
    expect(() => parseTrainConfig(base, 'cfg.json', '/data')).not.toThrow();
    const digits = {
      seed: 7,
      data: { source: 'digits', validation: 0.2, preprocess: ['standardize'] },
      model: [{ type: 'linear', units: 64, init: 'xavier' }, 'tanh'],
      loss: 'svm',
      regularization: { l2: 1e-4, l1: 1e-6, maxNorm: 3 },
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true },
      schedule: { type: 'step', every: 10, factor: 0.5 },
      momentumSchedule: { type: 'linear', start: 0.5, end: 0.99, epochs: 20 },
      earlyStopping: { metric: 'valAccuracy', patience: 10 },
      epochs: 40,
      batchSize: 64,
    };
    expect(parseTrainConfig(digits, 'cfg.json', '/data').batchSize).toBe(64);
  });

  it('names the file and field of a typo and suggests the right name', () => {
    const e = errorOf({ ...base, epocs: 3 });
    expect(e.message).toContain('cfg.json');
    expect(e.message).toContain("unknown field 'epocs'");
    expect(e.message).toContain("did you mean 'epochs'");
  });

  it('names nested paths: negative values, missing fields, unknown source types', () => {
    expect(errorOf({ ...base, regularization: { l2: -1 } }).path).toBe('regularization.l2');
    expect(errorOf({ ...base, data: { source: { type: 'csv', path: 'a.csv' } } }).message).toContain('data.source.label');
    const unknown = errorOf({ ...base, data: { source: { type: 'spirals' } } });
    expect(unknown.path).toBe('data.source.type');
    expect(unknown.message).toContain("did you mean 'spiral'");
    expect(errorOf({ ...base, epochs: 0 }).path).toBe('epochs');
    expect(errorOf({ ...base, loss: 'hinge' }).message).toContain("'hinge' is not one of");
  });

  it('resolves relative data paths against the config folder', () => {
    const c = parseTrainConfig({ ...base, data: { source: { type: 'csv', path: 'x/a.csv', label: 'y' } } }, 'c.json', '/data');
    expect(c.data.source).toEqual({ type: 'csv', path: '/data/x/a.csv', label: 'y' });
  });

  it('reports JSON syntax errors with line and column, and missing files by name', () => {
    expect(() => parseJson('{\n  "a": 1,\n}', 'bad.json')).toThrow(/bad\.json: not valid JSON at line 3, column 1/);
    const dir = mkdtempSync(join(tmpdir(), 'descent-cfg-'));
    expect(() => loadTrainConfig(join(dir, 'missing.json'))).toThrow(DataError);
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(base));
    expect(loadTrainConfig(file).config.epochs).toBe(3);
  });
});

describe('closestName', () => {
  it('computes edit distances by hand', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('rleu', 'relu')).toBe(1); // one swap of neighbours
  });
  it('suggests only plausible typos', () => {
    expect(closestName('unts', ['units', 'init'])).toBe('units');
    expect(closestName('zzzzzz', ['units', 'init'])).toBeUndefined();
  });
});
