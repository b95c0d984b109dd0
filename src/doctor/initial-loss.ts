// Checks 2 and 3: the loss at initialization against its expectation (softmax: ln C; svm: (C - 1)
// times the margin; otherwise the loss of all-zero outputs, which a small initialization
// approximates), and the regularization penalty raising it.
import { noGrad } from '../context.js';
import type { NamedLoss } from '../losses/loss-by-name.js';
import type { Module } from '../nn/module.js';
import { regularizationLoss } from '../nn/regularizers.js';
import { Rng } from '../tensor/rng.js';
import { zeros } from '../tensor/create.js';
import { type Batch, batchOf } from '../train/batch.js';
import { type CheckResult, checkResult, fmt } from './check-result.js';
import { DOCTOR_DTYPE, type DoctorInput, setDropout } from './doctor-input.js';
import { sampleRows } from './train-steps.js';

/** Rows the initial-loss checks average over. */
const ROWS = 512;

/**
 * The loss of a model as its first training step sees it, without dropout and with no penalty, on
 * `batch`, and its output width.
 */
export function lossAtInit(model: Module, loss: NamedLoss, batch: Batch): { loss: number; outputs: number } {
  setDropout(model.train(), false);
  try {
    return noGrad(() => {
      const out = model.forward(batch.x);
      return { loss: loss.fn(out, batch.target).item(), outputs: out.shape[1] ?? 1 };
    });
  } finally {
    model.train();
  }
}

/** What the loss should be when every output is ~0, and how to say it. */
export function expectedInitialLoss(loss: NamedLoss, batch: Batch, outputs: number): { value: number; text: string } {
  const value = noGrad(() => loss.fn(zeros([batch.size, outputs], { dtype: batch.x.dtype }), batch.target).item());
  if (loss.name === 'softmaxCrossEntropy') return { value, text: `ln ${outputs} = ${fmt(value)}` };
  if (loss.name === 'svm') return { value, text: `(C - 1) x margin = ${fmt(value)}` };
  if (loss.name === 'binaryCrossEntropy') return { value, text: `ln 2 = ${fmt(value)}` };
  return { value, text: `loss of zero outputs = ${fmt(value)}` };
}

function initBatch(input: DoctorInput): Batch {
  const rows = sampleRows(input.train.ds.n, ROWS, new Rng(input.seed ?? 0));
  return batchOf(input.train, rows, DOCTOR_DTYPE);
}

/**
 * Check 2: the initial loss (regularization off, dropout off) over its expected value. Within a
 * factor of 1.5 passes, within 3 warns, beyond fails (bad initialization scale or unscaled data).
 * @example initialLossCheck(input).expected; //=> 'ln 10 = 2.3'
 */
export function initialLossCheck(input: DoctorInput): CheckResult {
  const name = 'initial loss';
  const model = input.model(DOCTOR_DTYPE);
  const batch = initBatch(input);
  const { loss: measured, outputs } = lossAtInit(model, input.loss, batch);
  const expected = expectedInitialLoss(input.loss, batch, outputs);
  if (!Number.isFinite(measured)) {
    return checkResult(name, 'fail', fmt(measured), expected.text, 'the loss is not finite at initialization: check the data and the initialization scale');
  }
  // A ratio of losses; with a zero expectation (targets all 0) compare the difference instead.
  const ratio = expected.value > 1e-12 ? measured / expected.value : measured <= 1e-6 ? 1 : Infinity;
  const off = Math.max(ratio, 1 / Math.max(ratio, 1e-300));
  const status = off <= 1.5 ? 'pass' : off <= 3 ? 'warn' : 'fail';
  const hint = status === 'pass'
    ? 'the outputs start near zero, as a well-scaled initialization should'
    : ratio > 1
      ? 'far above the expectation: initial weights (or inputs) are too large, so the outputs start confidently wrong'
      : 'far below the expectation: check the loss, or whether the labels leak into the features';
  return checkResult(name, status, `${fmt(measured)} (x${fmt(ratio)} of expected)`, expected.text, hint);
}

/**
 * Check 3: with regularization on, the initial loss is above the loss without it (the penalty is
 * positive for any nonzero weights). Passes trivially when no penalty is configured.
 * @example regularizationCheck(input).status; //=> 'pass'
 */
export function regularizationCheck(input: DoctorInput): CheckResult {
  const name = 'regularization raises the loss';
  const reg = input.regularization;
  const strength = (reg?.l2 ?? 0) + (reg?.l1 ?? 0) + (reg?.elasticNet?.lambda ?? 0);
  if (reg === undefined || strength === 0) return checkResult(name, 'pass', 'no regularization configured', 'n/a', 'nothing to check');
  const model = input.model(DOCTOR_DTYPE);
  const batch = initBatch(input);
  const off = lossAtInit(model, input.loss, batch).loss;
  const penalty = noGrad(() => regularizationLoss(model, reg).item());
  const on = off + penalty;
  const ok = on > off;
  return checkResult(name, ok ? 'pass' : 'fail', `${fmt(on)} with vs ${fmt(off)} without (penalty ${fmt(penalty)})`, 'with > without',
    ok ? `the penalty is ${fmt((100 * penalty) / Math.max(off, 1e-300))}% of the data loss at initialization`
      : 'the penalty does not raise the loss: all weights are zero, or the regularizer is broken');
}
