// A search spec may name TPE's `multivariate` switch, as docs/search.md documents.
import { describe, expect, it } from 'vitest';
import { loadSearchSpec } from '../../src/config/node/search-spec.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir, writeJson } from './helpers.js';

const BASE = {
  seed: 1,
  data: { source: 'digits', validation: 0.2 },
  model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 10 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.01 },
  epochs: 1,
};

function specFile(method: unknown): string {
  const dir = tempDir('spec-method');
  writeJson(dir, 'base.json', BASE);
  return writeJson(dir, 'spec.json', {
    base: 'base.json',
    space: { 'optimizer.lr': { logUniform: [1e-4, 1] } },
    objective: 'valAccuracy',
    trials: 4,
    method,
  });
}

describe('search spec method options', () => {
  it('accepts {"type": "tpe", "multivariate": false}', () => {
    const spec = loadSearchSpec(specFile({ type: 'tpe', multivariate: false, gamma: 0.25 }));
    expect(spec.method).toEqual({ type: 'tpe', multivariate: false, gamma: 0.25 });
  });

  it('rejects a non-boolean multivariate at method.multivariate', () => {
    const file = specFile({ type: 'tpe', multivariate: 1 });
    expect(() => loadSearchSpec(file)).toThrow(ConfigError);
    expect(() => loadSearchSpec(file)).toThrow(/method\.multivariate.*expected true or false/s);
  });
});
