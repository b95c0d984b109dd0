// Creation functions: from nested arrays or typed arrays, constant fills, ranges, seeded random.
import type { Buf, DType, Shape } from '../backend/backend.js';
import { defaultDtype, defaultRng } from '../context.js';
import { DTypeError, ShapeError } from '../errors.js';
import type { Rng } from './rng.js';
import { Rng as RngClass } from './rng.js';
import { checkShape, formatShape, sizeOf } from './shape.js';
import { allocBuf, type NestedArray, Tensor, type TensorOptions } from './tensor.js';

export interface CreateOptions extends TensorOptions {
  dtype?: DType;
}

export interface RandomOptions extends CreateOptions {
  /** The generator to draw from; it advances. Takes precedence over `seed`. */
  rng?: Rng;
  /** Seed a fresh generator for this call. Without `rng` or `seed`, the context's default generator. */
  seed?: number;
}

function checkDtype(dtype: string): DType {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new DTypeError(`unsupported dtype '${dtype}' (expected 'float32' or 'float64')`);
  }
  return dtype;
}

function inferShape(values: NestedArray, path: string): number[] {
  if (typeof values === 'number') return [];
  if (!Array.isArray(values)) throw new ShapeError(`tensor: ${path} is not a number or array`);
  if (values.length === 0) return [0];
  const inner = inferShape(values[0]!, `${path}[0]`);
  return [values.length, ...inner];
}

function flatten(values: NestedArray, shape: Shape, out: Buf): void {
  let k = 0;
  const walk = (v: NestedArray, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof v !== 'number') throw new ShapeError(`tensor: ragged nested array at ${path} (expected a number)`);
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) {
      throw new ShapeError(
        `tensor: ragged nested array at ${path}: expected ${shape[axis]} entries (shape ${formatShape(shape)})`,
      );
    }
    v.forEach((item, i) => walk(item, axis + 1, `${path}[${i}]`));
  };
  walk(values, 0, 'values');
}

/**
 * A tensor from nested arrays, a flat array or a typed array (with `shape` for flat input).
 * A Float64Array gives float64 and a Float32Array float32 unless `dtype` says otherwise.
 * @example
 * tensor([[1, 2, 3], [4, 5, 6]]).shape; //=> [2, 3]
 */
export function tensor(
  values: NestedArray | Buf | readonly number[],
  options: CreateOptions & { shape?: Shape } = {},
): Tensor {
  const typed = values instanceof Float32Array || values instanceof Float64Array;
  const fromTyped: DType | undefined = values instanceof Float64Array ? 'float64' : typed ? 'float32' : undefined;
  const dtype = checkDtype(options.dtype ?? fromTyped ?? defaultDtype());
  let shape: Shape;
  let data: Buf;
  if (typed || (options.shape !== undefined && Array.isArray(values) && values.every((v) => typeof v === 'number'))) {
    const flat = values as ArrayLike<number>;
    shape = options.shape ?? [flat.length];
    checkShape(shape, 'tensor');
    if (sizeOf(shape) !== flat.length) {
      throw new ShapeError(`tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} values, got ${flat.length}`);
    }
    data = typed && fromTyped === dtype ? (values as Buf) : allocBuf(dtype, flat.length);
    if (data !== values) data.set(flat);
  } else {
    shape = inferShape(values as NestedArray, 'values');
    data = allocBuf(dtype, sizeOf(shape));
    flatten(values as NestedArray, shape, data);
    if (options.shape !== undefined) {
      checkShape(options.shape, 'tensor');
      if (sizeOf(options.shape) !== data.length) {
        const want = `shape ${formatShape(options.shape)} needs ${sizeOf(options.shape)} values`;
        throw new ShapeError(`tensor: ${want}, got ${data.length} (nested ${formatShape(shape)})`);
      }
      shape = options.shape;
    }
  }
  return new Tensor(data, shape, options);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: Shape, value: number, options: CreateOptions = {}): Tensor {
  checkShape(shape, 'full');
  const data = allocBuf(checkDtype(options.dtype ?? defaultDtype()), sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(data, shape, options);
}

/** A tensor of zeros. @example zeros([2, 3]).toArray(); //=> [[0, 0, 0], [0, 0, 0]] */
export const zeros = (shape: Shape, options: CreateOptions = {}): Tensor => full(shape, 0, options);

/** A tensor of ones. */
export const ones = (shape: Shape, options: CreateOptions = {}): Tensor => full(shape, 1, options);

/** Zeros with the shape, dtype and backend of `t`. */
export const zerosLike = (t: Tensor): Tensor => full(t.shape, 0, { dtype: t.dtype, backend: t.backend });

/** Ones with the shape, dtype and backend of `t`. */
export const onesLike = (t: Tensor): Tensor => full(t.shape, 1, { dtype: t.dtype, backend: t.backend });

/**
 * Values from `start` (inclusive) to `stop` (exclusive) by `step`, as NumPy's arange.
 * @example arange(0, 5).toArray(); //=> [0, 1, 2, 3, 4]
 */
export function arange(start: number, stop?: number, step = 1, options: CreateOptions = {}): Tensor {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new RangeError(`arange: step must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = allocBuf(checkDtype(options.dtype ?? defaultDtype()), n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return new Tensor(data, [n], options);
}

function pickRng(options: RandomOptions): Rng {
  if (options.rng !== undefined) return options.rng;
  if (options.seed !== undefined) return new RngClass(options.seed);
  return defaultRng();
}

/**
 * Normal draws N(mean, std^2) from a seeded generator.
 * @example randn([3], { seed: 1 }).toArray(); // the same three numbers on every run and platform
 */
export function randn(shape: Shape, options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  checkShape(shape, 'randn');
  const { mean = 0, std = 1 } = options;
  const rng = pickRng(options);
  const data = allocBuf(checkDtype(options.dtype ?? defaultDtype()), sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = mean + std * rng.normal();
  return new Tensor(data, shape, options);
}

/** Uniform draws in [low, high) (default [0, 1)) from a seeded generator. */
export function rand(shape: Shape, options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  checkShape(shape, 'rand');
  const { low = 0, high = 1 } = options;
  const rng = pickRng(options);
  const data = allocBuf(checkDtype(options.dtype ?? defaultDtype()), sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniformIn(low, high);
  return new Tensor(data, shape, options);
}
