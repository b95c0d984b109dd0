// A model file whose weights hold NaN or infinity (a diverged training saved as is) carries a valid
// checksum, so only a check of the values themselves can refuse it before it predicts garbage.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { buildModel } from '../../src/nn/from-config.js';
import { deserializeModel, serializeModel } from '../../src/nn/serialize.js';
import { loadModel, saveModel } from '../../src/train/node/model-file.js';

const CONFIG = [{ type: 'linear', units: 3 }, 'relu', { type: 'linear', units: 2 }];

/** A 4 -> 3 -> 2 model's record with `value` written at flat index `index` of tensor `name`. */
function recordWith(name: string, index: number, value: number, dtype: 'float32' | 'float64' = 'float32') {
  const state = buildModel(CONFIG, { inputSize: 4, seed: 3, dtype }).stateDict();
  state[name]!.data[index] = value;
  return { config: CONFIG, inputSize: 4, dtype, state };
}

function refusal(load: () => unknown): DataError {
  try {
    load();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('the model loaded');
}

describe('deserializeModel refuses weights that are not finite', () => {
  it('names the tensor, the index and coordinate of the first NaN, and the field', () => {
    // layers.0.weight is (4, 3): flat index 7 is row 2, column 1.
    const text = serializeModel(recordWith('layers.0.weight', 7, Number.NaN));
    const e = refusal(() => deserializeModel(text, { file: 'm.json' }));
    expect(e.file).toBe('m.json');
    expect(e.location).toBe('tensors.0.data');
    expect(e.message).toBe(
      "m.json, tensors.0.data: tensor layers.0.weight holds NaN at index 7 (coordinate [2, 1]): the model's " +
        'weights are not finite numbers (its training diverged); retrain it, e.g. with a lower learning rate',
    );
  });

  it.each([
    ['float32', Number.POSITIVE_INFINITY, 'Infinity'],
    ['float64', Number.NEGATIVE_INFINITY, '-Infinity'],
  ] as const)('refuses %s %s in a bias (a 1-D tensor: the index alone)', (dtype, value, shown) => {
    // Tensors are stored in stateDict order: layers.0.weight, layers.0.bias, layers.2.weight, layers.2.bias.
    const text = serializeModel(recordWith('layers.2.bias', 1, value, dtype));
    const e = refusal(() => deserializeModel(text));
    expect(e.location).toBe('tensors.3.data');
    expect(e.message).toMatch(new RegExp(`^tensors\\.3\\.data: tensor layers\\.2\\.bias holds ${shown} at index 1: `));
  });

  it('reports the first non-finite value when there are several', () => {
    const record = recordWith('layers.2.weight', 4, Number.NaN);
    record.state['layers.2.weight']!.data[1] = Number.POSITIVE_INFINITY;
    record.state['layers.0.bias']!.data[2] = Number.NaN;
    const e = refusal(() => deserializeModel(serializeModel(record)));
    expect(e.message).toMatch(/^tensors\.1\.data: tensor layers\.0\.bias holds NaN at index 2:/);
  });

  it('still loads a model whose weights are all finite (the control)', () => {
    const record = recordWith('layers.0.weight', 0, 1e30);
    const { state } = deserializeModel(serializeModel(record));
    expect(state['layers.0.weight']!.data[0]).toBe(Math.fround(1e30));
  });
});

describe('loadModel refuses a file with non-finite weights', () => {
  it('naming the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'descent-nonfinite-')), 'diverged.model.json');
    saveModel(path, recordWith('layers.0.weight', 0, Number.NaN));
    const e = refusal(() => loadModel(path));
    expect(e.file).toBe(path);
    expect(e.message).toContain(`${path}, tensors.0.data: tensor layers.0.weight holds NaN at index 0 (coordinate [0, 0])`);
  });
});
