// Check 8: dead relu units (never active on a batch) and saturated tanh/sigmoid outputs (|output|
// within 1% of the bound, where the local gradient vanishes), at initialization and after a few
// steps at the configured rate.
import { Sigmoid } from '../nn/layers/sigmoid.js';
import { Tanh } from '../nn/layers/tanh.js';
import type { Module } from '../nn/module.js';
import { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { deadReluFractions } from '../train/metrics/dead-relu.js';
import { layerOutputs } from '../train/metrics/activations.js';
import { batchOfOneSkip } from './batch-of-one.js';
import { type CheckResult, checkResult, fmt, worstStatus } from './check-result.js';
import { DOCTOR_DTYPE, type DoctorInput } from './doctor-input.js';
import { fewBatches, trainSteps } from './train-steps.js';

/** Fraction of a tanh/sigmoid layer's outputs that sit within 1% of a bound. */
function saturatedFraction(layer: Module, out: Tensor): number {
  let n = 0;
  for (let i = 0; i < out.size; i++) {
    const v = out.data[i]!;
    if (layer instanceof Tanh ? Math.abs(v) > 0.99 : v < 0.01 || v > 0.99) n++;
  }
  return out.size === 0 ? 0 : n / out.size;
}

/**
 * Dead-relu and saturation fractions per layer of a model on a batch.
 * @example unitHealth(model, x); //=> { dead: { 'layers.1': 0.02 }, saturated: {} }
 */
export function unitHealth(model: Module, x: Tensor): { dead: Record<string, number>; saturated: Record<string, number> } {
  const saturated: Record<string, number> = {};
  for (const { name, layer, output } of layerOutputs(model, x)) {
    if (layer instanceof Tanh || layer instanceof Sigmoid) saturated[name] = saturatedFraction(layer, output);
  }
  return { dead: deadReluFractions(model, x), saturated };
}

function grade(fraction: number, warn: number, fail: number) {
  return fraction > fail ? 'fail' : fraction > warn ? 'warn' : 'pass';
}

/**
 * Check 8: dead fraction above 0.2 warns and above 0.5 fails; saturated fraction above 0.1 warns
 * and above 0.5 fails; the worse of initialization and after `steps` steps counts. Skipped (warn)
 * at batch size 1 with batch norm, which cannot train on one example.
 * @example deadUnitsCheck(input).value; //=> 'init: dead layers.1 0; after 10 steps: dead layers.1 0.02'
 */
export function deadUnitsCheck(input: DoctorInput, steps = 10): CheckResult {
  const name = 'dead and saturated units';
  const expected = 'dead <= 0.2, saturated <= 0.1';
  const skip = batchOfOneSkip(input, name, expected);
  if (skip !== undefined) return skip;
  const model = input.model(DOCTOR_DTYPE).train();
  const batches = fewBatches(input.train, 512, 1, new Rng((input.seed ?? 0) + 4));
  const x = batches[0]!.x;
  const atInit = unitHealth(model, x);
  const optimizer = input.optimizer(model);
  trainSteps({
    model, optimizer, loss: input.loss, batches: fewBatches(input.train, input.batchSize, 4, new Rng((input.seed ?? 0) + 5)), steps,
    ...(input.regularization === undefined ? {} : { regularization: input.regularization }),
  });
  const after = unitHealth(model, x);
  const show = (h: ReturnType<typeof unitHealth>) => [
    ...Object.entries(h.dead).map(([n, f]) => `dead ${n} ${fmt(f)}`),
    ...Object.entries(h.saturated).map(([n, f]) => `saturated ${n} ${fmt(f)}`),
  ].join(', ') || 'no relu/tanh/sigmoid layers';
  const statuses = [atInit, after].flatMap((h) => [
    ...Object.values(h.dead).map((f) => grade(f, 0.2, 0.5)),
    ...Object.values(h.saturated).map((f) => grade(Number.isNaN(f) ? 1 : f, 0.1, 0.5)),
  ]);
  const status = worstStatus(statuses);
  const deadBad = [atInit, after].some((h) => Object.values(h.dead).some((f) => f > 0.2));
  const hint = status === 'pass' ? 'units are alive and away from saturation'
    : deadBad ? 'many relu units never fire: lower the learning rate, or check the initialization (he) and bias'
      : 'tanh/sigmoid units are saturated, so their gradients vanish: smaller initial weights (xavier) or standardized inputs';
  return checkResult(name, status, `init: ${show(atInit)}; after ${steps} steps: ${show(after)}`, expected, hint);
}
