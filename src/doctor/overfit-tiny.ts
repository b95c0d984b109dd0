// Check 5: a healthy network and training loop memorize a tiny subset. With regularization and
// dropout off, ~20 examples should reach 100% training accuracy (or near-zero loss for
// regression) within a bounded number of full-batch steps. Note it passes with shuffled labels
// too: memorizing is what it tests, not generalization.
import { accuracy } from '../losses/accuracy.js';
import { Rng } from '../tensor/rng.js';
import { batchOf } from '../train/batch.js';
import { type CheckResult, checkResult, fmt } from './check-result.js';
import { DOCTOR_DTYPE, type DoctorInput, setDropout } from './doctor-input.js';
import { sampleRows, trainSteps } from './train-steps.js';

export interface OverfitOptions {
  /** Examples in the subset. Default 20. */
  examples?: number;
  /** Most full-batch steps. Default 2000 (a tiny initialization with plain SGD starts slowly). */
  steps?: number;
}

/**
 * Check 5. Fails when the subset is not memorized in time: a bug in the model or loop, or a
 * learning rate far off.
 * @example overfitTinyCheck(input).value; //=> '100% training accuracy after 63 steps'
 */
export function overfitTinyCheck(input: DoctorInput, options: OverfitOptions = {}): CheckResult {
  const name = 'overfit a tiny subset';
  const n = Math.min(options.examples ?? 20, input.train.ds.n);
  const maxSteps = options.steps ?? 2000;
  const model = setDropout(input.model(DOCTOR_DTYPE).train(), false);
  const optimizer = input.optimizer(model);
  const batch = batchOf(input.train, sampleRows(input.train.ds.n, n, new Rng((input.seed ?? 0) + 1)), DOCTOR_DTYPE);
  const classification = input.loss.kind === 'classification';
  let best = 0;
  let first = NaN;
  const losses = trainSteps({
    model, optimizer, loss: input.loss, batches: [batch], steps: maxSteps,
    stopWhen: (out, b, loss) => {
      if (Number.isNaN(first)) first = loss;
      if (!classification) return loss <= 1e-2 * first;
      best = Math.max(best, accuracy(out, b.target));
      return best === 1;
    },
  });
  const last = losses.at(-1) ?? NaN;
  const steps = losses.length - 1;
  if (classification) {
    const ok = best === 1;
    return checkResult(name, ok ? 'pass' : 'fail',
      `${fmt(100 * best)}% training accuracy on ${n} examples ${ok ? `after ${steps} steps` : `in ${maxSteps} steps`} (loss ${fmt(last)})`,
      `100% within ${maxSteps} steps`,
      ok ? 'the network can memorize: model, loss and updates fit together'
        : 'cannot memorize 20 examples: a bug in the model or loss, or a learning rate far off (see the learning-rate range)');
  }
  const ok = Number.isFinite(last) && last <= 1e-2 * first;
  return checkResult(name, ok ? 'pass' : 'fail', `loss ${fmt(first)} -> ${fmt(last)} on ${n} examples in ${steps} steps`,
    `below 1% of the initial loss within ${maxSteps} steps`,
    ok ? 'the network can memorize: model, loss and updates fit together'
      : 'cannot fit 20 examples: a bug in the model or loss, or a learning rate far off (see the learning-rate range)');
}
