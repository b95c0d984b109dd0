// Evaluation: the mean loss and accuracy of a model over a whole dataset, in eval mode and
// without recording the graph, batch by batch.
import type { DType } from '../backend/backend.js';
import { noGrad } from '../context.js';
import { accuracy } from '../losses/accuracy.js';
import type { NamedLoss } from '../losses/loss-by-name.js';
import type { Module } from '../nn/module.js';
import { batchOf, sequentialBatches, type TrainingData } from './batch.js';

export interface Evaluation {
  readonly loss: number;
  /** Fraction correct, for classification losses. */
  readonly accuracy?: number;
}

/**
 * Mean loss (and accuracy for classification) of `model` over `data`. Restores the model's
 * train/eval mode afterwards.
 * @example evaluate(model, valData, lossByName('softmaxCrossEntropy'), 'float32'); //=> { loss: 0.31, accuracy: 0.91 }
 */
export function evaluate(model: Module, data: TrainingData, loss: NamedLoss, dtype: DType, batchSize = 1024): Evaluation {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let total = 0;
      let correct = 0;
      for (const idx of sequentialBatches(data.ds.n, batchSize)) {
        const batch = batchOf(data, idx, dtype);
        const out = model.forward(batch.x);
        total += loss.fn(out, batch.target).item() * batch.size;
        if (loss.kind === 'classification') correct += accuracy(out, batch.target) * batch.size;
      }
      const n = Math.max(1, data.ds.n);
      return loss.kind === 'classification' ? { loss: total / n, accuracy: correct / n } : { loss: total / n };
    });
  } finally {
    model.train(wasTraining);
  }
}
