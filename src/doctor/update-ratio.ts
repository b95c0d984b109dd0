// Check 7: the notes' update-to-weight ratio, ||update|| / ||weights||, per weight tensor after a
// few steps at the configured rate. About 1e-3 is healthy; below 1e-4 learns slowly, above 1e-2
// is aggressive, and above 1 a step rewrites the weights outright.
import { Rng } from '../tensor/rng.js';
import { batchOfOneSkip } from './batch-of-one.js';
import { type CheckResult, checkResult, fmt } from './check-result.js';
import { DOCTOR_DTYPE, type DoctorInput } from './doctor-input.js';
import { fewBatches, trainSteps } from './train-steps.js';

/** Ratios above this fail: each step changes the weights by more than their own size. */
export const RATIO_FAIL = 1;

/**
 * The ratio per weight tensor (biases and norm parameters start at 0 or 1, so their ratios say
 * little) after `steps` steps at the configured rate, with the configured regularization.
 * @example updateRatios(input); //=> { 'layers.0.weight': 0.0021, 'layers.2.weight': 0.0035 }
 */
export function updateRatios(input: DoctorInput, steps = 5): Record<string, number> {
  const model = input.model(DOCTOR_DTYPE).train();
  const optimizer = input.optimizer(model);
  const named = model.namedParameters();
  const batches = fewBatches(input.train, input.batchSize, steps, new Rng((input.seed ?? 0) + 3));
  optimizer.trackUpdateNorms = true;
  const losses = trainSteps({
    model, optimizer, loss: input.loss, batches, steps,
    ...(input.regularization === undefined ? {} : { regularization: input.regularization }),
  });
  const out: Record<string, number> = {};
  const diverged = losses.length < steps || !losses.every(Number.isFinite);
  const u = optimizer.lastUpdateNorms();
  const w = optimizer.lastParamNorms();
  named.forEach(([name, p], i) => {
    if (p.role !== 'weight') return;
    out[name] = diverged ? Infinity : w[i]! === 0 ? (u[i]! === 0 ? 0 : Infinity) : u[i]! / w[i]!;
  });
  return out;
}

/**
 * Check 7: warn outside [1e-4, 1e-2], fail above 1 or when the steps diverge. Skipped (warn) at
 * batch size 1 with batch norm, which cannot train on one example.
 * @example updateRatioCheck(input).value; //=> 'layers.0.weight 2.1e-3, layers.2.weight 3.5e-3'
 */
export function updateRatioCheck(input: DoctorInput, steps = 5): CheckResult {
  const name = 'update-to-weight ratio';
  const expected = '~1e-3 (1e-4 .. 1e-2)';
  const skip = batchOfOneSkip(input, name, expected);
  if (skip !== undefined) return skip;
  const ratios = Object.entries(updateRatios(input, steps));
  const value = ratios.map(([n, r]) => `${n} ${fmt(r)}`).join(', ') || 'no weight tensors';
  const high = ratios.filter(([, r]) => !(r <= RATIO_FAIL)).map(([n]) => n);
  if (high.length > 0) return checkResult(name, 'fail', value, expected, `updates larger than the weights (${high.join(', ')}): the learning rate is far too high`);
  const big = ratios.filter(([, r]) => r > 1e-2).map(([n]) => n);
  const small = ratios.filter(([, r]) => r < 1e-4).map(([n]) => n);
  if (big.length > 0) return checkResult(name, 'warn', value, expected, `large updates for ${big.join(', ')}: the learning rate may be high`);
  if (small.length > 0) return checkResult(name, 'warn', value, expected, `tiny updates for ${small.join(', ')}: the learning rate may be low`);
  return checkResult(name, 'pass', value, expected, 'updates are about a thousandth of the weights');
}
