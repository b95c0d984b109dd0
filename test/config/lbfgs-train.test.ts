// L-BFGS from a config: descent train steps it on the whole training set, with a closure for its line
// search, and gets the weights of the library's own closure loop written out here (to roundoff: fit
// visits the examples in shuffled order, so its sums run in another order).
import { describe, expect, it } from 'vitest';
import { backward } from '../../src/autograd/backward.js';
import { buildExperiment } from '../../src/config/build.js';
import { fitExperiment } from '../../src/config/fit-experiment.js';
import { parseTrainConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { add } from '../../src/ops/add.js';
import { regularizationLoss } from '../../src/nn/regularizers.js';
import { lbfgs } from '../../src/optim/lbfgs.js';
import { batchOf } from '../../src/train/batch.js';
import { evaluate } from '../../src/train/evaluate.js';

const config = {
  seed: 3,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 30 } },
  model: [{ type: 'linear', units: 16 }, 'tanh', { type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy',
  regularization: { l2: 1e-3 },
  optimizer: { type: 'lbfgs', lr: 1, maxIter: 5, history: 10, lineSearch: 'strongWolfe' },
  epochs: 8,
  dtype: 'float64',
};

describe('lbfgs in a train config', () => {
  it('trains on the whole set, matching a hand-written closure loop', async () => {
    const exp = buildExperiment(parseTrainConfig(config, 'lbfgs.json'));
    expect(exp.batchSize).toBe(90);
    const first = evaluate(exp.model, exp.train, exp.loss, exp.dtype).loss;
    const result = await fitExperiment(exp, { yieldEveryMs: 0 });
    expect(result.status).toBe('finished');
    const last = evaluate(exp.model, exp.train, exp.loss, exp.dtype).loss;
    expect(last).toBeLessThan(first / 2);

    // The same model from the same seed, trained by the closure loop of lbfgs's own documentation.
    const ref = buildExperiment(parseTrainConfig(config, 'lbfgs.json'));
    const opt = lbfgs(ref.model.namedParameters(), { lr: 1, maxIter: 5, history: 10, lineSearch: 'strongWolfe' });
    const all = Int32Array.from({ length: ref.train.ds.n }, (_, i) => i);
    const batch = batchOf(ref.train, all, 'float64');
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      opt.step(() => {
        opt.zeroGrad();
        const loss = add(ref.loss.fn(ref.model.forward(batch.x), batch.target), regularizationLoss(ref.model, { l2: 1e-3 }));
        backward(loss);
        return loss;
      });
    }
    const got = exp.model.stateDict();
    const want = ref.model.stateDict();
    for (const name of Object.keys(want)) {
      const w = want[name]!.data, g = got[name]!.data;
      for (let i = 0; i < w.length; i++) expect(Math.abs(g[i]! - w[i]!), `${name}[${i}]`).toBeLessThan(1e-9 * (1 + Math.abs(w[i]!)));
    }
  });

  it('refuses a minibatch, naming the training set size', () => {
    const exp = () => buildExperiment(parseTrainConfig({ ...config, batchSize: 32 }, 'lbfgs.json'));
    expect(exp).toThrow(ConfigError);
    expect(exp).toThrow('lbfgs takes full-batch steps: leave batchSize out, or set it to at least 90 (the training examples), got 32');
  });
});
