// Check 10: signal propagation at initialization. The standard deviation of each weighted layer's
// output (forward) and of each weight tensor's gradient (backward); a steady collapse towards zero
// or growth layer after layer points at the initialization scale.
import { backward } from '../autograd/backward.js';
import { Linear } from '../nn/layers/linear.js';
import { Maxout } from '../nn/layers/maxout.js';
import { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { layerOutputs } from '../train/metrics/activations.js';
import { type CheckResult, checkResult, fmt } from './check-result.js';
import { DOCTOR_DTYPE, type DoctorInput, setDropout } from './doctor-input.js';
import { fewBatches } from './train-steps.js';

/** Standard deviation of a tensor's values (0 for an empty one). */
export function stdOf(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i]!;
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / n);
}

/** Whether every step of `xs` moves by more than `factor` in the same direction. */
function steady(xs: readonly number[], factor: number): 'collapse' | 'growth' | null {
  if (xs.length < 2) return null;
  const ratios = xs.slice(1).map((x, i) => x / xs[i]!);
  const total = xs.at(-1)! / xs[0]!;
  if (ratios.every((r) => r < 1 / factor) && total < 0.1) return 'collapse';
  if (ratios.every((r) => r > factor) && total > 10) return 'growth';
  return null;
}

/**
 * Forward and backward standard deviations per weighted layer at initialization (input first).
 * @example signalStds(input); //=> { activations: [1, 0.9, 0.8], gradients: [0.01, 0.02] }
 */
export function signalStds(input: DoctorInput): { activations: number[]; gradients: number[]; names: string[] } {
  const model = setDropout(input.model(DOCTOR_DTYPE).train(), false);
  const batch = fewBatches(input.train, 512, 1, new Rng((input.seed ?? 0) + 6))[0]!;
  const outputs = layerOutputs(model, batch.x).filter((o) => o.layer instanceof Linear || o.layer instanceof Maxout);
  const activations = [stdOf(batch.x.data), ...outputs.map((o) => stdOf(o.output.data))];
  const weights = model.namedParameters().filter(([, p]) => p.role === 'weight');
  for (const [, p] of weights) p.grad = null;
  backward(input.loss.fn(model.forward(batch.x), batch.target) as Tensor);
  const gradients = weights.map(([, p]) => stdOf(p.grad?.data ?? []));
  return { activations, gradients, names: ['input', ...outputs.map((o) => o.name)] };
}

/**
 * Check 10: fails on a non-finite, vanishing (< 1e-8) or exploding (> 1e8) figure; warns when the
 * activations shrink (or grow) by more than 2x at every weighted layer (from the input on) and 10x
 * overall, or the gradients do.
 * @example signalPropagationCheck(input).value; //=> 'activation std input 1, layers.0 1.2, layers.2 0.9; gradient std 0.01, 0.03'
 */
export function signalPropagationCheck(input: DoctorInput): CheckResult {
  const name = 'signal propagation';
  const { activations, gradients, names } = signalStds(input);
  const value = `activation std ${activations.map((s, i) => `${names[i]} ${fmt(s)}`).join(', ')}; weight-gradient std ${gradients.map(fmt).join(', ')}`;
  const expected = 'roughly constant std from layer to layer';
  const all = [...activations.slice(1), ...gradients];
  if (all.some((s) => !Number.isFinite(s) || s > 1e8) || activations.slice(1).some((s) => s < 1e-8)) {
    return checkResult(name, 'fail', value, expected, 'the signal vanishes or explodes through the network: fix the initialization scale (he for relu, xavier for tanh)');
  }
  const forward = steady(activations, 2);
  // Gradients flow from the output back: read them output-first.
  const back = steady([...gradients].reverse(), 2);
  if (forward !== null || back !== null) {
    const what = forward !== null ? `activations ${forward === 'collapse' ? 'collapse towards zero' : 'grow'}` : `gradients ${back === 'collapse' ? 'vanish' : 'explode'} going back`;
    return checkResult(name, 'warn', value, expected, `${what} layer after layer: the initialization scale is off (he for relu, xavier for tanh)`);
  }
  return checkResult(name, 'pass', value, expected, 'no steady collapse or growth through the layers');
}
