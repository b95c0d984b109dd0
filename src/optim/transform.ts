// The gradient-transform interface every optimizer is built from (optax's shape), and `chain`.
// Transforms rewrite update buffers in place and keep plain state; the Optimizer wrapper owns both.
import type { Buf, DType, Shape } from '../backend/backend.js';
import { ConfigError } from '../errors.js';
import { newBuf } from '../tensor/tensor.js';

/** What a transform needs to know about one parameter to allocate its state. */
export interface ParamInfo {
  /** The parameter's name (`layers.0.weight`, or its index for an unnamed list). */
  readonly name: string;
  readonly shape: Shape;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
}

/**
 * Plain, JSON-serializable transform state: numbers and typed arrays inside arrays and objects.
 * A state's structure (keys, array lengths, buffer sizes) is fixed by `init`; only values change.
 */
export type StateValue = number | Buf | StateValue[] | { [key: string]: StateValue };

/**
 * The hyperparameters a training loop changes between steps. They live outside the transforms so
 * that one assignment (`optimizer.lr = ...`) reaches whichever transform reads them.
 */
export interface Hyperparams {
  /** Learning rate, read by `scaleByLearningRate`. */
  lr: number;
  /** Momentum coefficient, read by `traceMomentum` (mu) and `scaleByAdam` (beta1). */
  momentum: number;
}

/** The name of a hyperparameter a transform can read. */
export type HyperparamName = keyof Hyperparams;

/** Everything `update` reads besides the updates and its own state. */
export interface UpdateContext {
  /** The parameters' current values, one buffer per parameter, in the order of `init`. */
  readonly params: readonly Buf[];
  /** 1 where the parameter has a gradient this step, 0 where it is skipped (its `.grad` is null). */
  readonly active: Uint8Array;
  /** Current values of the hyperparameters (see `GradientTransform.hyperparams`). */
  readonly hyper: Readonly<Hyperparams>;
}

/**
 * A gradient transform: `init` allocates per-parameter state once; `update` turns the updates
 * (gradients on entry) into new updates in place and advances its state in place, allocating
 * nothing. The Optimizer then adds the final updates to the parameters: `w += u`.
 * @example
 * const t = chain(scaleByAdam({ beta2: 0.999 }), scaleByLearningRate(1e-3));
 * const state = t.init([{ name: 'w', shape: [2], dtype: 'float64', size: 2 }]);
 */
export interface GradientTransform<S extends StateValue = StateValue> {
  /** A short name; aliases use the paper's (`adam`), chains list their parts. */
  readonly name: string;
  /** Initial values of the hyperparameters this transform reads from `ctx.hyper`. */
  readonly hyperparams: Readonly<Partial<Hyperparams>>;
  /** Fresh state for these parameters (zero moments, step count 0). */
  init(params: readonly ParamInfo[]): S;
  /** Rewrites `updates[i]` in place for every active parameter i, and advances `state` in place. */
  update(updates: readonly Buf[], state: S, ctx: UpdateContext): void;
}

/**
 * Composes transforms left to right: each sees the updates the previous one produced.
 * The chain's state is the array of its parts' states.
 * @throws ConfigError when two parts declare the same hyperparameter (e.g. two momentum terms).
 * @example
 * const sgdMomentum = chain(scaleByLearningRate(0.1), traceMomentum({ momentum: 0.9 }));
 * sgdMomentum.hyperparams; //=> { lr: 0.1, momentum: 0.9 }
 */
export function chain(...parts: readonly GradientTransform[]): GradientTransform<StateValue[]> {
  const hyperparams: Partial<Hyperparams> = {};
  for (const part of parts) {
    for (const key of Object.keys(part.hyperparams) as HyperparamName[]) {
      if (hyperparams[key] !== undefined) {
        throw new ConfigError(
          key,
          `chain: two transforms read the hyperparameter '${key}' (${part.name} and an earlier one)`,
        );
      }
      const value = part.hyperparams[key];
      if (value !== undefined) hyperparams[key] = value;
    }
  }
  return {
    name: `chain(${parts.map((p) => p.name).join(', ')})`,
    hyperparams,
    init: (params) => parts.map((p) => p.init(params)),
    update(updates, state, ctx) {
      for (let k = 0; k < parts.length; k++) parts[k]!.update(updates, state[k]!, ctx);
    },
  };
}

/**
 * The same transform under another name (aliases call themselves `adam`, not `chain(...)`).
 * @example named('sgd', chain(scaleByLearningRate(0.1))).name; //=> 'sgd'
 */
export function named<S extends StateValue>(
  name: string,
  transform: GradientTransform<S>,
): GradientTransform<S> {
  return {
    name,
    hyperparams: transform.hyperparams,
    init: (params) => transform.init(params),
    update: (updates, state, ctx) => transform.update(updates, state, ctx),
  };
}

/**
 * One buffer per parameter, zero-filled, in each parameter's dtype; made where the default backend
 * keeps its tensors (newBuf: the wasm backend's memory), so the fused updates need not copy the state.
 * @example zerosPerParam(params).length; //=> params.length
 */
export function zerosPerParam(params: readonly ParamInfo[]): Buf[] {
  return params.map((p) => newBuf(p.dtype, p.size));
}
