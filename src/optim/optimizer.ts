// The stateful wrapper the training loop uses: it owns the parameters, the update buffers and the
// transform state, and runs zeroGrad / step. Everything else in optim/ is plain data and pure math.
import type { Buf } from '../backend/backend.js';
import { ConfigError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Closure, runClosure } from './closure.js';
import { type FusedStep, hasFusedStep } from './fused-step.js';
import { normalizeParams, paramInfos, type ParamList, type ParamsInput } from './params.js';
import {
  loadStateDictInto,
  makeStateDict,
  type OptimizerStateDict,
  type StateDictParts,
} from './state-dict.js';
import type {
  GradientTransform,
  HyperparamName,
  Hyperparams,
  StateValue,
  UpdateContext,
} from './transform.js';
import { checkNumber, NON_NEGATIVE, UNIT_INTERVAL } from './validate.js';

/**
 * What the training loop needs from an optimizer; `Optimizer` and `LBFGS` both provide it.
 * @example
 * opt.lr = baseLr * schedule(t); opt.zeroGrad(); loss.backward(); opt.step();
 */
export interface ParameterOptimizer {
  /** The optimizer's name (`sgd`, `adam`, `lbfgs`, ...). */
  readonly type: string;
  /** The current learning rate; settable before each step. */
  lr: number;
  /** The current momentum (beta1 for Adam), or undefined when the optimizer has none; settable. */
  get momentum(): number | undefined;
  set momentum(value: number);
  /** Number of `step()` calls so far (restored by `loadStateDict`). */
  readonly stepCount: number;
  /** When true, `step()` records each parameter's update norm and weight norm. */
  trackUpdateNorms: boolean;
  /** Sets every parameter's gradient to zero, in place. */
  zeroGrad(): void;
  /** Updates the parameters from their gradients; with a closure, calls it first and returns its loss. */
  step(closure?: Closure): number | undefined;
  /** True when `step` must be given a closure (L-BFGS's line search re-evaluates the loss). */
  readonly needsClosure?: boolean;
  /** The optimizer state as plain JSON. */
  stateDict(): OptimizerStateDict;
  /** Restores a state from `stateDict()`, so training resumes exactly. */
  loadStateDict(saved: unknown): void;
  /** Per parameter, the L2 norm of the last step's update (zeros unless `trackUpdateNorms`). */
  lastUpdateNorms(): Float64Array;
  /** Per parameter, the L2 norm of the weights before the last step (zeros unless `trackUpdateNorms`). */
  lastParamNorms(): Float64Array;
}

/** Options of the `Optimizer` wrapper. */
export interface OptimizerOptions {
  /** Record update and weight norms in `step()` (for the update-to-weight ratio). Default false. */
  trackUpdateNorms?: boolean;
}

/** Sets the gradient of every parameter that has one to zero, in place (no reallocation). @example zeroGrads([w, b]); */
export function zeroGrads(tensors: readonly Tensor[]): void {
  for (const t of tensors) t.grad?.data.fill(0);
}

/** Checks a new momentum value: `0 <= momentum < 1` (beta1 = 1 would divide by zero in Adam). @example checkMomentum(0.9); //=> 0.9 */
export function checkMomentum(value: number): number {
  return checkNumber(value, 'momentum', UNIT_INTERVAL);
}

/**
 * Runs a gradient transform over a list of parameters: `step()` copies each gradient into an
 * update buffer, lets the transform rewrite the buffers and its state in place, then adds the
 * updates to the weights (`w += u`). Buffers are allocated once, so a step allocates nothing.
 * A parameter whose `.grad` is null is skipped that step (PyTorch's rule).
 * @example
 * const x = tensor([5], { requiresGrad: true, dtype: 'float64' });
 * const opt = new Optimizer([x], sgd({ lr: 0.1 }));
 * opt.zeroGrad(); x.mul(x).sum().backward(); opt.step();
 * x.item(); //=> 4
 */
export class Optimizer implements ParameterOptimizer {
  readonly type: string;
  readonly params: readonly Tensor[];
  readonly names: readonly string[];
  readonly transform: GradientTransform;
  trackUpdateNorms: boolean;
  private readonly list: ParamList;
  private readonly state: StateValue;
  private readonly updates: Buf[];
  private readonly active: Uint8Array;
  private readonly hyper: Hyperparams;
  private readonly declared: readonly HyperparamName[];
  private readonly ctx: UpdateContext;
  private readonly updateNorms: Float64Array;
  private readonly paramNorms: Float64Array;
  /** The transform's one-pass form when every parameter is float32; null otherwise. */
  private readonly fusedStep: FusedStep | null;
  private steps = 0;

  /**
   * @param params the tensors to optimize (see ParamsInput).
   * @param transform an alias such as `adam()` or any chain ending in `scaleByLearningRate`.
   * @throws ConfigError for an empty or invalid parameter list, or a transform without a learning rate.
   */
  constructor(params: ParamsInput, transform: GradientTransform, options: OptimizerOptions = {}) {
    this.type = transform.name;
    this.list = normalizeParams(params, transform.name);
    this.params = this.list.tensors;
    this.names = this.list.names;
    this.transform = transform;
    this.trackUpdateNorms = options.trackUpdateNorms ?? false;
    if (transform.hyperparams.lr === undefined) {
      throw new ConfigError(
        'transform',
        `${transform.name} has no learning rate: end the chain with scaleByLearningRate(lr)`,
      );
    }
    this.declared = Object.keys(transform.hyperparams) as HyperparamName[];
    this.hyper = { lr: transform.hyperparams.lr, momentum: transform.hyperparams.momentum ?? 0 };
    const infos = paramInfos(this.list);
    this.state = transform.init(infos);
    this.updates = infos.map((p) =>
      p.dtype === 'float64' ? new Float64Array(p.size) : new Float32Array(p.size),
    );
    this.active = new Uint8Array(infos.length);
    this.ctx = { params: this.params.map((t) => t.data), active: this.active, hyper: this.hyper };
    this.updateNorms = new Float64Array(infos.length);
    this.paramNorms = new Float64Array(infos.length);
    const allFloat32 = infos.every((p) => p.dtype === 'float32');
    this.fusedStep = allFloat32 && hasFusedStep(transform) ? transform.fusedStep : null;
  }

  get lr(): number {
    return this.hyper.lr;
  }

  set lr(value: number) {
    this.hyper.lr = checkNumber(value, 'lr', NON_NEGATIVE);
  }

  get momentum(): number | undefined {
    return this.declared.includes('momentum') ? this.hyper.momentum : undefined;
  }

  set momentum(value: number) {
    if (!this.declared.includes('momentum')) {
      throw new ConfigError(
        'momentum',
        `${this.type} has no momentum to set (sgd has momentum, adam and adamw beta1)`,
      );
    }
    this.hyper.momentum = checkMomentum(value);
  }

  get stepCount(): number {
    return this.steps;
  }

  zeroGrad(): void {
    zeroGrads(this.params);
  }

  step(closure?: Closure): number | undefined {
    const loss = closure === undefined ? undefined : runClosure(closure);
    if (this.fusedStep !== null) {
      this.fusedUpdate(this.fusedStep);
    } else {
      this.gather();
      this.transform.update(this.updates, this.state, this.ctx);
      this.apply();
    }
    this.steps += 1;
    return loss;
  }

  /**
   * The one-pass update (fused-step.ts) when the transform has one: no gradient copy and one kernel
   * per parameter. With norm tracking, the weights are kept in the update buffers first and the
   * norms measured from the difference afterwards.
   */
  private fusedUpdate(fusedStep: FusedStep): void {
    this.markActive();
    const track = this.trackUpdateNorms;
    if (track) for (let i = 0; i < this.params.length; i++) if (this.active[i] === 1) this.updates[i]!.set(this.params[i]!.data);
    fusedStep(this.params, this.active, this.state, this.hyper);
    for (let i = 0; i < this.params.length; i++) {
      this.updateNorms[i] = 0;
      this.paramNorms[i] = 0;
      if (!track || this.active[i] === 0) continue;
      const w = this.params[i]!.data;
      const before = this.updates[i]!;
      let ww = 0;
      let uu = 0;
      for (let j = 0; j < w.length; j++) {
        const b = before[j]!;
        const d = w[j]! - b;
        ww += b * b;
        uu += d * d;
      }
      this.updateNorms[i] = Math.sqrt(uu);
      this.paramNorms[i] = Math.sqrt(ww);
    }
  }

  /** Marks which parameters have a gradient, checking its size. */
  private markActive(): void {
    for (let i = 0; i < this.params.length; i++) {
      const grad = this.params[i]!.grad;
      this.active[i] = grad === null ? 0 : 1;
      if (grad !== null && grad.size !== this.updates[i]!.length) {
        throw new ShapeError(
          `${this.type}: the gradient of '${this.names[i]}' has ${grad.size} elements, the parameter ${this.updates[i]!.length}`,
        );
      }
    }
  }

  /** Copies each gradient into its update buffer and marks which parameters have one. */
  private gather(): void {
    this.markActive();
    for (let i = 0; i < this.params.length; i++) {
      const grad = this.params[i]!.grad;
      if (grad !== null) this.updates[i]!.set(grad.data);
    }
  }

  /** w += u for each active parameter, measuring norms in the same pass when asked. */
  private apply(): void {
    const track = this.trackUpdateNorms;
    for (let i = 0; i < this.params.length; i++) {
      this.updateNorms[i] = 0;
      this.paramNorms[i] = 0;
      if (this.active[i] === 0) continue;
      const w = this.params[i]!.data;
      const u = this.updates[i]!;
      if (!track) {
        for (let j = 0; j < w.length; j++) w[j] = w[j]! + u[j]!;
        continue;
      }
      let ww = 0;
      let uu = 0;
      for (let j = 0; j < w.length; j++) {
        const wj = w[j]!;
        const uj = u[j]!;
        ww += wj * wj;
        uu += uj * uj;
        w[j] = wj + uj;
      }
      this.updateNorms[i] = Math.sqrt(uu);
      this.paramNorms[i] = Math.sqrt(ww);
    }
  }

  lastUpdateNorms(): Float64Array {
    return this.updateNorms;
  }

  lastParamNorms(): Float64Array {
    return this.paramNorms;
  }

  private parts(): StateDictParts {
    const hyperparams: { [name: string]: number } = {};
    for (const k of this.declared) hyperparams[k] = this.hyper[k];
    return {
      type: this.type,
      list: this.list,
      stepCount: this.steps,
      hyperparams,
      state: this.state,
    };
  }

  stateDict(): OptimizerStateDict {
    return makeStateDict(this.parts());
  }

  /**
   * Restores a state dict from `stateDict()` (possibly through JSON).
   * @throws DataError when it belongs to another optimizer type, other parameters (names, shapes,
   * dtypes), or its state buffers differ; the optimizer is left unchanged then.
   */
  loadStateDict(saved: unknown): void {
    const header = loadStateDictInto(saved, this.parts());
    this.steps = header.stepCount;
    for (const k of this.declared) this.hyper[k] = header.hyperparams[k]!;
  }
}
