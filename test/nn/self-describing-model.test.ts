// A model built by hand saves without its layer list written out: every layer gives its config entry,
// serializeModel(model) and saveModel(path, model) take the model itself, and buildModel(layers)
// runs without options when the first layer states its inputs. The expected config is written out
// by hand here, and the expected outputs are the hand-built model's own forward pass.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { buildModel } from '../../src/nn/from-config.js';
import { batchNorm } from '../../src/nn/layers/batch-norm.js';
import { dropout } from '../../src/nn/layers/dropout.js';
import { elu } from '../../src/nn/layers/elu.js';
import { gelu } from '../../src/nn/layers/gelu.js';
import { leakyRelu } from '../../src/nn/layers/leaky-relu.js';
import { linear } from '../../src/nn/layers/linear.js';
import { maxout } from '../../src/nn/layers/maxout.js';
import { relu } from '../../src/nn/layers/relu.js';
import { sequential } from '../../src/nn/layers/sequential.js';
import { sigmoid } from '../../src/nn/layers/sigmoid.js';
import { Module } from '../../src/nn/module.js';
import { deserializeModel, serializeModel } from '../../src/nn/serialize.js';
import { tensor } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { loadModel, saveModel } from '../../src/train/node/model-file.js';

const rng = new Rng(3);
const handBuilt = () => sequential(
  linear(4, 6, { rng }), batchNorm(6, { eps: 1e-3, momentum: 0.2 }), leakyRelu(0.05), dropout(0.25, { rng }),
  maxout(6, 5, 3, { rng }), elu(0.5), linear(5, 5, { rng, bias: false, activation: 'tanh' }), gelu({ approximate: 'tanh' }),
  linear(5, 4, { rng }), sigmoid(), linear(4, 3, { rng }), relu(), linear(3, 2, { rng }),
);
// What buildModel would rebuild it from, written out (defaults such as linear's init are the serializer's to add).
const CONFIG = [
  { type: 'linear', units: 6, bias: true }, { type: 'batchNorm', eps: 1e-3, momentum: 0.2 }, { type: 'leakyRelu', alpha: 0.05 },
  { type: 'dropout', rate: 0.25 }, { type: 'maxout', units: 5, pieces: 3 }, { type: 'elu', alpha: 0.5 },
  { type: 'linear', units: 5, bias: false }, 'tanh', { type: 'gelu', approximate: 'tanh' },
  { type: 'linear', units: 4, bias: true }, 'sigmoid', { type: 'linear', units: 3, bias: true }, 'relu', { type: 'linear', units: 2, bias: true },
];
const X = tensor([[0.5, -1, 2, 0.1], [1, 1, -0.5, 0.3], [-2, 0.4, 0.2, 1.5]]);
const outputs = (m: Module, x: Tensor) => m.eval().forward(x).toArray();

describe('models that describe themselves', () => {
  it('every layer gives its config entry; a fused activation is the entry after its linear', () => {
    expect(handBuilt().layerConfig()).toEqual(CONFIG);
  });

  it('serializeModel(model) round-trips: the same config, outputs and extras', () => {
    const model = handBuilt();
    // Move the batch-norm statistics off their initial values, so that restoring them is tested.
    model.train().forward(X);
    const expected = outputs(model, X);
    const loaded = deserializeModel(serializeModel(model, { classes: 2 }));
    expect(loaded.inputSize).toBe(4);
    expect(loaded.extras).toEqual({ classes: 2 });
    expect(loaded.config.map((c) => (typeof c === 'string' ? c : c.type))).toEqual(CONFIG.map((c) => (typeof c === 'string' ? c : c.type)));
    expect(outputs(loaded.model, X)).toEqual(expected);
  });

  it('saveModel(path, model) writes a file loadModel reads back to the same outputs', () => {
    const model = handBuilt();
    const file = join(mkdtempSync(join(tmpdir(), 'descent-self-describing-')), 'model.json');
    saveModel(file, model);
    expect(outputs(loadModel(file).model, X)).toEqual(outputs(model, X));
  });

  it('a module that cannot describe itself is named by index and class', () => {
    class Doubler extends Module {
      forward(x: Tensor): Tensor { return x; }
    }
    expect(() => serializeModel(sequential(linear(4, 2, { rng }), new Doubler())))
      .toThrow(/model\.1: layer 1 \(Doubler\) cannot describe itself/);
  });

  it('buildModel(layers) takes the first layer\'s inputs; without them or an inputSize it says what to add', () => {
    const model = buildModel([{ type: 'linear', units: 3, inputs: 4 }, 'relu', { type: 'linear', units: 2 }]);
    expect(model.forward(X).shape).toEqual([3, 2]);
    expect(() => buildModel([{ type: 'linear', units: 3 }])).toThrow(ConfigError);
    expect(() => buildModel([{ type: 'linear', units: 3 }])).toThrow(/model\.0\.inputs: .*give the first layer its inputs/);
    // A stated size that disagrees with what reaches the layer.
    expect(() => buildModel([{ type: 'linear', units: 3, inputs: 5 }], { inputSize: 4 })).toThrow(/model\.0\.inputs: the layer says 5 inputs, but 4 features reach it/);
  });
});
