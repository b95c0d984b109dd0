// A list of parameters seen as one flat float64 vector (for L-BFGS), and the vector kernels it uses.
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Reads and writes a parameter list as one flat vector, in list order. */
export interface FlatParams {
  /** Total number of elements. */
  readonly size: number;
  /** Copies the parameters into `out`. */
  read(out: Float64Array): void;
  /** Copies the gradients into `out`; a missing gradient reads as zeros. */
  readGrads(out: Float64Array): void;
  /** Sets the parameters to `x0 + t * d`. */
  writeAxpy(x0: Float64Array, t: number, d: Float64Array): void;
  /** Adds `t * d` to the parameters. */
  addScaled(t: number, d: Float64Array): void;
  /** Per parameter: the norm of (current - before) into `delta`, the norm of `before` into `base`. */
  norms(before: Float64Array, delta: Float64Array, base: Float64Array): void;
}

/**
 * The flat view of `tensors`; it allocates nothing per call.
 * @example flatLayout([a, b]).size; //=> a.size + b.size
 */
export function flatLayout(tensors: readonly Tensor[]): FlatParams {
  const offsets: number[] = [];
  let size = 0;
  for (const t of tensors) {
    offsets.push(size);
    size += t.size;
  }
  const each = (fn: (w: Tensor['data'], off: number, i: number) => void): void => {
    for (let i = 0; i < tensors.length; i++) fn(tensors[i]!.data, offsets[i]!, i);
  };
  return {
    size,
    read: (out) => each((w, off) => out.set(w, off)),
    readGrads: (out) =>
      each((_w, off, i) => {
        const t = tensors[i]!;
        if (t.grad === null) {
          out.fill(0, off, off + t.size);
          return;
        }
        if (t.grad.size !== t.size)
          throw new ShapeError(
            `lbfgs: a gradient has ${t.grad.size} elements, its parameter ${t.size}`,
          );
        out.set(t.grad.data, off);
      }),
    writeAxpy: (x0, t, d) =>
      each((w, off) => {
        for (let j = 0; j < w.length; j++) w[j] = x0[off + j]! + t * d[off + j]!;
      }),
    addScaled: (t, d) =>
      each((w, off) => {
        for (let j = 0; j < w.length; j++) w[j] = w[j]! + t * d[off + j]!;
      }),
    norms: (before, delta, base) =>
      each((w, off, i) => {
        let dd = 0;
        let bb = 0;
        for (let j = 0; j < w.length; j++) {
          const b = before[off + j]!;
          dd += (w[j]! - b) * (w[j]! - b);
          bb += b * b;
        }
        delta[i] = Math.sqrt(dd);
        base[i] = Math.sqrt(bb);
      }),
  };
}

/** sum_j a[offset + j] * b[j] over the length of b. @example dot(new Float64Array([9, 1, 2]), new Float64Array([3, 4]), 1); //=> 11 */
export function dot(a: Float64Array, b: Float64Array, offset = 0): number {
  let s = 0;
  for (let j = 0; j < b.length; j++) s += a[offset + j]! * b[j]!;
  return s;
}

/** out[j] += alpha * x[offset + j] over the length of out. @example axpyInto(out, -0.5, y); // out -= y / 2 */
export function axpyInto(out: Float64Array, alpha: number, x: Float64Array, offset = 0): void {
  for (let j = 0; j < out.length; j++) out[j] = out[j]! + alpha * x[offset + j]!;
}

/** max_j |a[j]| (0 for an empty vector; NaN if any element is NaN). @example maxAbs(new Float64Array([1, -3])); //=> 3 */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) {
    const v = Math.abs(a[j]!);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** sum_j |a[j]|. @example sumAbs(new Float64Array([1, -3])); //=> 4 */
export function sumAbs(a: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += Math.abs(a[j]!);
  return s;
}
