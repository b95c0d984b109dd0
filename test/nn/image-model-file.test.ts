// Image models in model files: the sample shape [C, H, W] is stored beside inputSize, the rebuilt
// model reads flat rows (as training and predict feed them) as that shape, and flat files are unchanged.
import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import { buildModel } from '../../src/nn/from-config.js';
import { deserializeModel, serializeModel } from '../../src/nn/serialize.js';
import { tensor } from '../../src/tensor/create.js';

const CNN = [{ type: 'conv2d', filters: 1, kernel: 1 }, 'flatten'];

/** A 1x1 conv with weight 2 and bias 0.5 on a 1x2x2 image: out = 2 * pixel + 0.5 per pixel. */
function handModel() {
  const model = buildModel(CNN, { inputShape: [1, 2, 2] });
  model.loadStateDict({
    'layers.0.weight': { shape: [1, 1, 1, 1], data: new Float32Array([2]) },
    'layers.0.bias': { shape: [1], data: new Float32Array([0.5]) },
  });
  return model;
}

describe('image models and model files', () => {
  it('a model with an input shape reads a batch of flat rows as images', () => {
    const rows = tensor([[1, 2, 3, 4], [0, -1, 0.5, 10]]);
    expect(Array.from(handModel().forward(rows).data)).toEqual([2.5, 4.5, 6.5, 8.5, 0.5, -1.5, 1.5, 20.5]);
  });

  it('saves and loads the input shape; the loaded model gives the same outputs on flat rows', () => {
    const text = serializeModel(handModel());
    expect((JSON.parse(text) as { inputShape: number[] }).inputShape).toEqual([1, 2, 2]);
    const loaded = deserializeModel(text);
    expect([loaded.inputSize, loaded.inputShape]).toEqual([4, [1, 2, 2]]);
    expect(Array.from(loaded.model.forward(tensor([[1, 2, 3, 4]])).data)).toEqual([2.5, 4.5, 6.5, 8.5]);
  });

  it('a flat model writes no input shape (files from before shapes load as they did)', () => {
    const text = serializeModel(buildModel([{ type: 'linear', units: 2 }], { inputSize: 3 }));
    expect(text).not.toContain('inputShape');
    expect(deserializeModel(text).inputShape).toBeUndefined();
  });

  it('a stored shape that does not hold inputSize values is a DataError at inputShape', () => {
    const text = serializeModel(handModel()).replace('"inputSize": 4', '"inputSize": 5');
    let err: unknown;
    try {
      deserializeModel(text, { file: 'cnn.json' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).location).toBe('inputShape');
    expect((err as DataError).message).toMatch(/shape \[1, 2, 2\] holds 4 values, but inputSize is 5/);
  });

  it('serializing a record whose shape disagrees with inputSize is a ConfigError at inputShape', () => {
    const model = handModel();
    let err: unknown;
    try {
      serializeModel({ config: CNN, inputSize: 4, inputShape: [1, 3, 3], state: model.stateDict() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe('inputShape');
  });
});
