// The Module base class: parameters, buffers, submodules and random generators are found by
// reflection over each instance's own fields, in insertion order, with dotted names (tinygrad's
// get_state_dict); train/eval modes; the state dict and the RNG states a bit-exact resume needs.
import { DataError, ShapeError } from '../errors.js';
import { Rng, type RngState } from '../tensor/rng.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Buffer, Parameter } from './parameter.js';

/** Named tensors: parameters and buffers by dotted name (`layers.0.weight`). */
export type StateDict = Record<string, Tensor>;

/** Values to load into a state dict entry: a Tensor, or anything with a shape and values. */
export interface TensorValues {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

type Holder = Record<string, unknown>;

/** One field found by reflection: its dotted name, its value, and where it lives. */
interface Field {
  readonly name: string;
  readonly value: Parameter | Buffer | Rng | Module;
  readonly holder: Holder;
  readonly key: string;
}

/** Own fields of `holder` (a Module or an array of Modules), depth first, in insertion order. */
function* fields(holder: Holder, prefix: string): Generator<Field> {
  for (const key of Object.keys(holder)) {
    const value = holder[key];
    const name = `${prefix}${key}`;
    if (value instanceof Parameter || value instanceof Buffer || value instanceof Rng) {
      yield { name, value, holder, key };
    } else if (value instanceof Module) {
      yield { name, value, holder, key };
      yield* fields(value as unknown as Holder, `${name}.`);
    } else if (Array.isArray(value) && value.some((v) => v instanceof Module)) {
      yield* fields(value as unknown as Holder, `${name}.`);
    }
  }
}

/** One entry of a model config: a layer name ("relu") or a type with its options. */
export type LayerEntry = string | ({ readonly type: string } & Readonly<Record<string, number | string | boolean>>);

/**
 * Base class of every layer and model. Subclasses declare Parameters, Buffers, child Modules (or
 * arrays of them) and Rngs as fields; everything else (sizes, options) is ignored by reflection.
 * @example
 * class Scale extends Module {
 *   weight = new Parameter(new Float32Array([2]), [1], 'weight');
 *   forward(x: Tensor): Tensor { return mul(x, this.weight); }
 * }
 * new Scale().namedParameters().map(([name]) => name); //=> ['weight']
 */
export abstract class Module {
  /** True in training mode (dropout drops, batch norm uses batch statistics). */
  training = true;

  /** Computes the output for a batch `x`. Layers compose ops; autograd supplies the backward. */
  abstract forward(x: Tensor): Tensor;

  /**
   * The layer's entries in a model config (what buildModel rebuilds it from), or undefined for a
   * module that cannot describe itself (a user's own Module): serializeModel(model) needs every
   * layer's. Most layers give one entry; a linear layer with a fused activation gives two.
   */
  layerConfig(): readonly LayerEntry[] | undefined {
    return undefined;
  }

  /** Sets training mode (or eval mode with `false`) on this module and every submodule. */
  train(mode = true): this {
    this.training = mode;
    for (const f of fields(this as unknown as Holder, ''))
      if (f.value instanceof Module) f.value.training = mode;
    return this;
  }

  /** Eval mode: dropout is the identity and batch norm uses its running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** [name, parameter] pairs in definition order, e.g. `['layers.0.weight', W]`. */
  namedParameters(): [string, Parameter][] {
    return this.collect((v): v is Parameter => v instanceof Parameter);
  }

  /** The trainable parameters, in definition order. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** [name, buffer] pairs (batch-norm running statistics): saved, never optimized. */
  namedBuffers(): [string, Buffer][] {
    return this.collect((v): v is Buffer => v instanceof Buffer);
  }

  /** [name, module] pairs for this module (named '') and every submodule, depth first. */
  namedModules(): [string, Module][] {
    return [['', this], ...this.collect((v): v is Module => v instanceof Module)];
  }

  /** Total number of trainable values. */
  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Clears the gradient of every parameter (gradients accumulate across backward calls). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * Copies of every parameter and buffer by dotted name: a snapshot that later training does not
   * change.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, t] of this.collect(
      (v): v is Parameter | Buffer => v instanceof Parameter || v instanceof Buffer,
    )) {
      // Plain tensors outside the graph (as PyTorch's detached state_dict), owning their values.
      out[name] = new Tensor(t.data.slice(), t.shape, { backend: t.backend });
    }
    return out;
  }

  /**
   * Copies values into the existing parameters and buffers (in place, so optimizers keep their
   * references). Every name must match and every shape agree.
   * @throws DataError when a name is missing or unexpected; ShapeError when a shape differs.
   */
  loadStateDict(state: Readonly<Record<string, TensorValues>>): void {
    const own = this.collect(
      (v): v is Parameter | Buffer => v instanceof Parameter || v instanceof Buffer,
    );
    const names = new Set(own.map(([n]) => n));
    const unexpected = Object.keys(state).filter((n) => !names.has(n));
    if (unexpected.length > 0)
      throw new DataError(`loadStateDict: unexpected entries ${unexpected.join(', ')}`);
    for (const [name] of own) {
      if (state[name] === undefined) throw new DataError(`loadStateDict: missing entry ${name}`);
    }
    for (const [name, t] of own) {
      const v = state[name]!;
      if (!shapesEqual(v.shape, t.shape) || v.data.length !== t.size) {
        throw new ShapeError(
          `loadStateDict: ${name} has shape ${formatShape(v.shape)}, the model expects ${formatShape(t.shape)}`,
        );
      }
      t.data.set(v.data);
    }
  }

  /**
   * The state of every random generator a layer draws from at forward time (dropout masks), by
   * dotted name, e.g. `{ 'layers.2.rng': ... }`. Plain data: store it with a checkpoint.
   */
  rngStates(): Record<string, RngState> {
    const out: Record<string, RngState> = {};
    for (const f of fields(this as unknown as Holder, ''))
      if (f.value instanceof Rng) out[f.name] = f.value.state();
    return out;
  }

  /**
   * Restores the generators from `rngStates()`, so the next dropout masks are the ones the saved
   * run would have drawn.
   * @throws DataError when a generator is missing from `states` or `states` names an unknown one.
   */
  loadRngStates(states: Readonly<Record<string, RngState>>): void {
    const own = [...fields(this as unknown as Holder, '')].filter((f) => f.value instanceof Rng);
    const names = new Set(own.map((f) => f.name));
    const unexpected = Object.keys(states).filter((n) => !names.has(n));
    if (unexpected.length > 0)
      throw new DataError(`loadRngStates: unexpected entries ${unexpected.join(', ')}`);
    for (const f of own) {
      const s = states[f.name];
      if (s === undefined) throw new DataError(`loadRngStates: missing entry ${f.name}`);
      f.holder[f.key] = Rng.fromState(s);
    }
  }

  private collect<T>(keep: (v: unknown) => v is T): [string, T][] {
    const out: [string, T][] = [];
    for (const f of fields(this as unknown as Holder, ''))
      if (keep(f.value)) out.push([f.name, f.value]);
    return out;
  }
}
