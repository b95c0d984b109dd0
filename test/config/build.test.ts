import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { ConfigError } from '../../src/errors.js';

const base = {
  model: [{ type: 'linear', units: 2 }],
  loss: 'softmaxCrossEntropy',
  optimizer: 'sgd',
  epochs: 1,
};

describe('buildExperiment', () => {
  it('reads a CSV with the configured delimiter, relative to the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-build-'));
    writeFileSync(join(dir, 'a.csv'), 'x;y;label\n1;2;0\n3;4;1\n5;6;0\n7;8;1\n');
    const config = parseTrainConfig({ ...base, data: { source: { type: 'csv', path: 'a.csv', label: 'label', delimiter: ';' } } }, join(dir, 'c.json'));
    const exp = buildExperiment(config);
    expect([exp.train.ds.n, exp.train.ds.d]).toEqual([4, 2]);
    expect(Array.from(exp.train.labels ?? [])).toEqual([0, 1, 0, 1]);
  });

  it('names the output layer when its size does not match the classes', () => {
    const config = parseTrainConfig({ ...base, data: { source: 'spiral' }, model: [{ type: 'linear', units: 5 }] }, 'c.json', '/');
    expect(() => buildExperiment(config)).toThrow(ConfigError);
    expect(() => buildExperiment(config)).toThrow(/model\.0\.units/);
  });
});
