// A layer of an impossible size is a ConfigError at its units, naming the count, before anything
// is allocated (it was a bare RangeError from the typed array, or a run of many minutes).
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import {
  buildModel,
  checkLayerSizes,
  MAX_LAYER_VALUES,
  normalizeLayers,
} from '../../src/nn/from-config.js';
import { errorOf } from '../helpers/config-error-of.js';


const LIMIT = 2 ** 28;

describe('layer size limit', () => {
  it('is 2^28 values per layer', () => {
    expect(MAX_LAYER_VALUES).toBe(268_435_456);
  });

  it('buildModel rejects 1e6 inputs x 1e9 units at model.0.units with the count', () => {
    const e = errorOf(() => buildModel([{ type: 'linear', units: 1e9 }], { inputSize: 1e6 }));
    expect(e.path).toBe('model.0.units');
    // (1e6 weights + 1 bias) per unit, 1e9 units.
    expect(e.message).toContain(String((1e6 + 1) * 1e9));
    expect(e.message).toContain(String(LIMIT));
  });

  it('counts weights and biases exactly at the edge', () => {
    // (2^14 - 1 inputs + 1 bias) x 2^14 units = 2^28: allowed; one unit more is not.
    const at = normalizeLayers([{ type: 'linear', units: 2 ** 14 }]);
    expect(() => checkLayerSizes(at, 2 ** 14 - 1)).not.toThrow();
    expect(
      errorOf(() =>
        checkLayerSizes(normalizeLayers([{ type: 'linear', units: 2 ** 14 + 1 }]), 2 ** 14 - 1),
      ).path,
    ).toBe('model.0.units');
    // Without the bias the same layer holds 2^28 - 2^14 values.
    expect(() =>
      checkLayerSizes(
        normalizeLayers([{ type: 'linear', units: 2 ** 14 + 1, bias: false }]),
        2 ** 14 - 1,
      ),
    ).not.toThrow();
    // maxout: (inputs + 1) x units x pieces = 2^14 x 2^13 x 2 = 2^28, and one piece more is 1.5 x 2^28.
    expect(() =>
      checkLayerSizes(
        normalizeLayers([{ type: 'maxout', units: 2 ** 13, pieces: 2 }]),
        2 ** 14 - 1,
      ),
    ).not.toThrow();
    expect(
      errorOf(() =>
        checkLayerSizes(
          normalizeLayers([{ type: 'maxout', units: 2 ** 13, pieces: 3 }]),
          2 ** 14 - 1,
        ),
      ).message,
    ).toContain(String(1.5 * LIMIT));
  });

  it('parseTrainConfig rejects sizes that need no data: a first layer of 1e9 units, or 1e5 x 1e5', () => {
    const base = {
      data: { source: 'spiral' },
      loss: 'softmaxCrossEntropy',
      optimizer: 'sgd',
      epochs: 1,
    };
    const first = errorOf(() =>
      parseTrainConfig({ ...base, model: [{ type: 'linear', units: 1e9 }] }, 'c.json', '/'),
    );
    expect(first.path).toBe('model.0.units');
    // With at least one input feature: 2 values (a weight and a bias) per unit.
    expect(first.message).toContain(`at least ${2e9} values`);
    const second = errorOf(() =>
      parseTrainConfig(
        {
          ...base,
          model: [{ type: 'linear', units: 1e5 }, 'relu', { type: 'linear', units: 1e5 }],
        },
        'c.json',
        '/',
      ),
    );
    expect(second.path).toBe('model.2.units');
    expect(second.message).toContain(String((1e5 + 1) * 1e5));
  });
});
