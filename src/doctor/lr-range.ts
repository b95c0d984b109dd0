// Check 6: a short learning-rate sweep (log scale, half a decade apart) from the same initial
// weights on the same few batches, each rate trained for a few steps: where the loss falls
// fastest, where it blows up, and where the configured rate sits between them.
import { noGrad } from '../context.js';
import type { Module } from '../nn/module.js';
import { Rng } from '../tensor/rng.js';
import type { Batch } from '../train/batch.js';
import { batchOfOneSkip } from './batch-of-one.js';
import { type CheckResult, checkResult, fmt } from './check-result.js';
import { DOCTOR_DTYPE, type DoctorInput, setDropout } from './doctor-input.js';
import { fewBatches, trainSteps } from './train-steps.js';

export interface LrRangeOptions {
  /** Steps per rate. Default 8. */
  steps?: number;
  /** Batches (of at most 64 rows) the steps cycle through. Default 3. */
  batches?: number;
  /** The sweep, smallest first. Default 1e-5 .. 10, half a decade apart. */
  rates?: readonly number[];
}

/** One rate of the sweep: the loss on the sweep's batches before and after its steps. */
export interface LrPoint {
  readonly lr: number;
  readonly before: number;
  readonly after: number;
  /** Relative fall, (before - after) / before; negative when the loss rose. */
  readonly fall: number;
  readonly blewUp: boolean;
}

const DEFAULT_RATES = Array.from({ length: 13 }, (_, i) => Number((10 ** (-5 + i / 2)).toPrecision(2)));

/**
 * The mean loss over `batches` as training sees it but without dropout's noise: batch norm uses
 * batch statistics (in eval mode its running statistics would move the loss even at a rate of 0).
 */
function meanLoss(model: Module, input: DoctorInput, batches: readonly Batch[]): number {
  setDropout(model.train(), false);
  const loss = noGrad(() => batches.reduce((a, b) => a + input.loss.fn(model.forward(b.x), b.target).item(), 0) / batches.length);
  model.train();
  return loss;
}

/**
 * Trains a fresh copy of the model at each rate and measures the loss before and after. As in a
 * learning-rate finder, the sweep stops climbing after two blow-ups in a row (larger rates only
 * blow up faster), except for the `required` rates, which are always measured.
 * @example lrSweep(input).find((p) => p.blewUp)?.lr; //=> 3.2
 */
export function lrSweep(input: DoctorInput, options: LrRangeOptions = {}, required: readonly number[] = []): LrPoint[] {
  const steps = options.steps ?? 8;
  const rates = [...new Set([...(options.rates ?? DEFAULT_RATES), ...required])].sort((a, b) => a - b);
  const batches = fewBatches(input.train, Math.min(input.batchSize, 64), options.batches ?? 3, new Rng((input.seed ?? 0) + 2));
  const before = meanLoss(input.model(DOCTOR_DTYPE), input, batches);
  const points: LrPoint[] = [];
  let blowUps = 0;
  for (const lr of rates) {
    if (blowUps >= 2 && !required.includes(lr)) continue;
    const model = input.model(DOCTOR_DTYPE).train();
    const optimizer = input.optimizer(model);
    optimizer.lr = lr;
    const losses = trainSteps({ model, optimizer, loss: input.loss, batches, steps });
    const after = losses.every(Number.isFinite) ? meanLoss(model, input, batches) : Infinity;
    // A rate too small to help still never raises the loss on the batches it trains on.
    const blewUp = !Number.isFinite(after) || after > 1.1 * before;
    blowUps = blewUp ? blowUps + 1 : 0;
    points.push({ lr, before, after, fall: (before - after) / before, blewUp });
  }
  return points;
}

/**
 * Check 6. Fails when the configured rate blows up (or is at or above the smallest rate that
 * does), or lies above the fastest fall with less than half its fall (the unstable side); warns
 * when it is more than 100x below the rate where the loss fell fastest. Skipped (warn) at batch size
 * 1 with batch norm, which cannot train on one example.
 * @example lrRangeCheck(input).value; //=> 'fastest fall at 0.01, blows up from 3.2; configured 0.003'
 */
export function lrRangeCheck(input: DoctorInput, options: LrRangeOptions = {}): CheckResult {
  const name = 'learning-rate range';
  const expected = 'configured rate stable and within 100x of the fastest fall';
  const skip = batchOfOneSkip(input, name, expected);
  if (skip !== undefined) return skip;
  const configured = input.optimizer(input.model(DOCTOR_DTYPE)).lr;
  const sweep = lrSweep(input, options, [configured]);
  const stable = sweep.filter((p) => !p.blewUp);
  const best = stable.reduce<LrPoint | undefined>((a, p) => (a === undefined || p.fall > a.fall ? p : a), undefined);
  const blowUp = sweep.find((p) => p.blewUp);
  const at = sweep.find((p) => p.lr === configured)!;
  const value = `fastest fall at ${best === undefined ? 'none' : fmt(best.lr)}, ${blowUp === undefined ? 'no blow-up' : `blows up from ${fmt(blowUp.lr)}`}; configured ${fmt(configured)} (loss ${fmt(at.before)} -> ${fmt(at.after)})`;
  if (at.blewUp || (blowUp !== undefined && configured >= blowUp.lr)) {
    return checkResult(name, 'fail', value, expected, `the configured rate blows the loss up within a few steps: lower it (try ${best === undefined ? 'a much lower rate' : fmt(best.lr)})`);
  }
  // Past the fastest fall the loss falls less and less, then diverges: a configured rate there
  // that already loses half the fall is on the unstable side of the curve.
  if (best !== undefined && configured > best.lr && at.fall < best.fall / 2) {
    return checkResult(name, 'fail', value, expected, `the configured rate is past the fastest fall and unstable (the loss fell ${fmt(100 * at.fall)}% against ${fmt(100 * best.fall)}% at ${fmt(best.lr)}): lower it`);
  }
  if (best !== undefined && configured < best.lr / 100 && at.fall < best.fall / 2) {
    return checkResult(name, 'warn', value, expected, `the configured rate is far below where the loss falls fastest: training will be slow (try ${fmt(best.lr / 3)})`);
  }
  return checkResult(name, 'pass', value, expected, 'the configured rate is stable and in a sensible range');
}
