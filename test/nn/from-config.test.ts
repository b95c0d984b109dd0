// Models from their JSON config form: building, defaults, and errors that name the layer and field.
import { describe, expect, it } from 'vitest';
import { buildModel, networkDepth, normalizeLayers } from '../../src/nn/from-config.js';
import { layerTypes } from '../../src/nn/layer-specs.js';
import { Dropout } from '../../src/nn/layers/dropout.js';
import { Linear } from '../../src/nn/layers/linear.js';
import { Maxout } from '../../src/nn/layers/maxout.js';
import { ReLU } from '../../src/nn/layers/relu.js';
import { zeros } from '../../src/tensor/create.js';
import { errorOf } from '../helpers/config-error-of.js';

const ISSUE_EXAMPLE = [
  { type: 'linear', units: 100, init: 'he' },
  'relu',
  { type: 'dropout', rate: 0.5 },
  { type: 'linear', units: 3 },
];


describe('buildModel', () => {
  it("builds the issue's example with the input size from the data", () => {
    const model = buildModel(ISSUE_EXAMPLE, { inputSize: 2, seed: 1 });
    expect(model.layers.map((l) => l.constructor.name)).toEqual([
      'Linear',
      'ReLU',
      'Dropout',
      'Linear',
    ]);
    expect((model.layers[0] as Linear).weight.shape).toEqual([2, 100]);
    expect((model.layers[3] as Linear).weight.shape).toEqual([100, 3]);
    expect((model.layers[2] as Dropout).rate).toBe(0.5);
    expect(model.forward(zeros([7, 2])).shape).toEqual([7, 3]);
  });

  it('is deterministic in the seed and builds maxout from its config', () => {
    const a = buildModel(ISSUE_EXAMPLE, { inputSize: 2, seed: 5 });
    const b = buildModel(ISSUE_EXAMPLE, { inputSize: 2, seed: 5 });
    expect(Array.from(a.parameters()[0]!.data)).toEqual(Array.from(b.parameters()[0]!.data));
    const m = buildModel(
      [
        { type: 'maxout', units: 32, pieces: 2 },
        { type: 'linear', units: 3 },
      ],
      { inputSize: 4 },
    );
    expect(m.layers[0]).toBeInstanceOf(Maxout);
    expect((m.layers[0] as Maxout).weight.shape).toEqual([4, 64]);
    expect(buildModel(['relu'], { inputSize: 3, dtype: 'float64' }).layers[0]).toBeInstanceOf(ReLU);
  });

  it('fills every default, choosing xavier before tanh or sigmoid and he otherwise', () => {
    expect(
      normalizeLayers([
        { type: 'linear', units: 4 },
        'tanh',
        { type: 'linear', units: 2 },
        'dropout',
        'batchNorm',
      ]),
    ).toEqual([
      { type: 'linear', units: 4, init: 'xavier', bias: true },
      { type: 'tanh' },
      { type: 'linear', units: 2, init: 'he', bias: true },
      { type: 'dropout', rate: 0.5 },
      { type: 'batchNorm', eps: 1e-5, momentum: 0.1 },
    ]);
    expect(
      normalizeLayers([{ type: 'linear', units: 4 }, { type: 'dropout', rate: 0.1 }, 'sigmoid'])[0],
    ).toMatchObject({ init: 'xavier' });
  });

  it('names the layer index and field in every error', () => {
    const cases: [unknown, string, RegExp][] = [
      [
        [{ type: 'linear', units: 10 }, 'relu', { type: 'dropout', rate: 1.5 }],
        'model.2.rate',
        /expected a number in \[0, 1\), got 1.5/,
      ],
      [
        [{ type: 'linear', unts: 10 }],
        'model.0.unts',
        /unknown field 'unts' \(did you mean 'units'\?\)/,
      ],
      [[{ type: 'linear' }], 'model.0.units', /missing required field/],
      [[{ type: 'linear', units: 0 }], 'model.0.units', /expected an integer >= 1, got 0/],
      [[{ type: 'linear', units: 2.5 }], 'model.0.units', /got 2.5/],
      [['relu', 'reluu'], 'model.1.type', /unknown layer type 'reluu' \(did you mean 'relu'\?\)/],
      [['LeakyReLU'], 'model.0.type', /did you mean 'leakyRelu'/],
      [
        [{ type: 'linear', units: 3, init: 'kaiming' }],
        'model.0.init',
        /expected one of zeros, small, lecun, xavier, glorotUniform, he/,
      ],
      [[{ type: 'maxout', units: 3, pieces: 1 }], 'model.0.pieces', /an integer >= 2/],
      [[{ type: 'relu', alpha: 0.1 }], 'model.0.alpha', /a relu layer takes no options/],
      [[42], 'model.0', /expected a layer name/],
      [[{ units: 3 }], 'model.0.type', /expected a layer type name/],
      [[], 'model', /non-empty list/],
      [{ layers: [] }, 'model', /non-empty list/],
    ];
    for (const [layers, path, message] of cases) {
      const e = errorOf(() => buildModel(layers, { inputSize: 2 }));
      expect(e.path).toBe(path);
      expect(e.message).toMatch(message);
    }
  });

  it('rejects impossible sizes', () => {
    expect(errorOf(() => buildModel(['relu'], { inputSize: 0 })).path).toBe('inputSize');
    const e = errorOf(() => buildModel(ISSUE_EXAMPLE, { inputSize: 2, outputSize: 4 }));
    expect(e.path).toBe('model.3.units');
    expect(e.message).toMatch(/outputs 3 values per example but 4 are needed/);
  });
});

describe('layer catalogue', () => {
  it('lists every type with its options for the doctor and the schema', () => {
    const types = layerTypes();
    expect(types.map((t) => t.type)).toEqual([
      'linear',
      'maxout',
      'relu',
      'sigmoid',
      'tanh',
      'leakyRelu',
      'elu',
      'gelu',
      'batchNorm',
      'dropout',
      'conv2d',
      'maxPool2d',
      'avgPool2d',
      'globalAvgPool',
      'flatten',
    ]);
    const dropoutRate = types.find((t) => t.type === 'dropout')!.options[0]!;
    expect(dropoutRate).toMatchObject({
      name: 'rate',
      kind: 'number',
      default: 0.5,
      required: false,
    });
    expect(dropoutRate.description).toMatch(/dropping/);
    expect(types.find((t) => t.type === 'linear')!.options.map((o) => o.name)).toEqual([
      'units',
      'inputs',
      'init',
      'bias',
    ]);
    expect(JSON.parse(JSON.stringify(types))).toEqual(types); // plain data
  });

  it("counts depth the notes' way: weight layers, output included, input not", () => {
    expect(networkDepth(ISSUE_EXAMPLE)).toBe(2);
    expect(networkDepth([{ type: 'linear', units: 3 }])).toBe(1);
  });
});
