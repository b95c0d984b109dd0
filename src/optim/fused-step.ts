// The one-pass form of the named optimizers (issue 8): instead of copying each gradient into an update
// buffer and running the chain's transforms over it (four or five passes over every parameter), the
// Optimizer asks the parameter's backend for one fused kernel per parameter tensor
// (Backend.adamUpdate, rmspropUpdate, adagradUpdate). Same formulas, same state buffers,
// so state dicts, resume and the generic path stay interchangeable. Only float32 parameters take it:
// float64 is the checking path and stays on the reference transforms. SGD has none: its velocity
// buffer holds the last update even at momentum 0 (a momentum schedule may raise it later), which the
// one-pass kernel does not keep, and SGD's passes are cheap next to Adam's.
import type { Tensor } from '../tensor/tensor.js';
import type { GradientTransform, Hyperparams, StateValue } from './transform.js';
import type { AdamState } from './transforms/scale-by-adam.js';
import type { AdagradState } from './transforms/scale-by-adagrad.js';
import type { RmsState } from './transforms/scale-by-rms.js';

/**
 * One whole optimizer step on the parameters' own backends: updates `params[i].data` in place from
 * `params[i].grad` for every i with `active[i] === 1`, and advances `state` exactly as the transform's
 * `update` would.
 */
export type FusedStep = (
  params: readonly Tensor[],
  active: Uint8Array,
  state: StateValue,
  hyper: Readonly<Hyperparams>,
) => void;

/** A transform with a fused form; the Optimizer uses it for float32 parameters. */
export interface FusableTransform extends GradientTransform {
  readonly fusedStep: FusedStep;
}

/** True when `t` carries a fused form. @example hasFusedStep(adam()); //=> true */
export function hasFusedStep(t: GradientTransform): t is FusableTransform {
  return typeof (t as Partial<FusableTransform>).fusedStep === 'function';
}

/** `transform` with `fusedStep` attached. @example withFusedStep(named('adam', chain(...)), adamFusedStep(...)) */
export function withFusedStep(transform: GradientTransform, fusedStep: FusedStep): FusableTransform {
  return { ...transform, fusedStep };
}

// The aliases' chains keep each part's state at its position: adam = [decay, scaleByAdam, lr],
// adamw = [scaleByAdam, decay, lr], rmsprop and adagrad = [decay, scale, lr].
const part = <S>(state: StateValue, index: number): S => (state as StateValue[])[index] as S;

/**
 * Adam / AdamW: beta1 is the optimizer's momentum; `adamIndex` is where scaleByAdam's state sits.
 * @example withFusedStep(t, adamFusedStep({ beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, adamIndex: 1 }));
 */
export function adamFusedStep(o: {
  beta2: number; eps: number; weightDecay: number; decoupled: boolean; adamIndex: number;
}): FusedStep {
  return (params, active, state, hyper) => {
    const adam = part<AdamState>(state, o.adamIndex);
    adam.count += 1;
    const hp = {
      lr: hyper.lr, beta1: hyper.momentum, beta2: o.beta2, eps: o.eps,
      weightDecay: o.weightDecay, step: adam.count, decoupled: o.decoupled,
    };
    eachActive(params, active, (p, g, i) => p.backend.adamUpdate(p.data, g, adam.mu[i]!, adam.nu[i]!, hp));
  };
}

/** RMSProp with PyTorch's alpha = the alias's decay. @example rmspropFusedStep({ decay: 0.99, eps: 1e-8, weightDecay: 0 }) */
export function rmspropFusedStep(o: { decay: number; eps: number; weightDecay: number }): FusedStep {
  return (params, active, state, hyper) => {
    const rms = part<RmsState>(state, 1);
    const hp = { lr: hyper.lr, alpha: o.decay, eps: o.eps, weightDecay: o.weightDecay };
    eachActive(params, active, (p, g, i) => p.backend.rmspropUpdate(p.data, g, rms.nu[i]!, hp));
  };
}

/** Adagrad. @example adagradFusedStep({ eps: 1e-10, weightDecay: 0 }) */
export function adagradFusedStep(o: { eps: number; weightDecay: number }): FusedStep {
  return (params, active, state, hyper) => {
    const ada = part<AdagradState>(state, 1);
    const hp = { lr: hyper.lr, eps: o.eps, weightDecay: o.weightDecay };
    eachActive(params, active, (p, g, i) => p.backend.adagradUpdate(p.data, g, ada.sum[i]!, hp));
  };
}

function eachActive(
  params: readonly Tensor[],
  active: Uint8Array,
  fn: (p: Tensor, grad: Tensor['data'], i: number) => void,
): void {
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (active[i] === 1 && p.grad !== null) fn(p, p.grad.data, i);
  }
}
