// A second, deliberately naive implementation of the ops over plain JS arrays: the oracle of the op
// conformance suite. Everything here walks multi-indices one element at a time and shares no code
// with src/ (no strides, no row plans, no kernels), so a bug there cannot hide itself here.

/** A row-major n-dimensional array of plain numbers. */
export interface Nd {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** Builds an Nd, checking that the data fits the shape. */
export function nd(shape: readonly number[], data: readonly number[]): Nd {
  if (count(shape) !== data.length)
    throw new Error(
      `nd: shape [${shape.join(',')}] needs ${count(shape)} values, got ${data.length}`,
    );
  return { shape: [...shape], data: [...data] };
}

/** Number of elements of a shape. */
export const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The multi-index of flat position `flat` (last axis fastest). */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}

/** The flat position of a multi-index. */
export function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + index[d]!;
  return flat;
}

/** The element of `x` at a multi-index. */
export const at = (x: Nd, index: readonly number[]): number => x.data[ravel(index, x.shape)]!;

/** An Nd of `shape` whose element at each multi-index is `f(index)`. */
export function build(shape: readonly number[], f: (index: number[]) => number): Nd {
  return nd(
    shape,
    Array.from({ length: count(shape) }, (_, i) => f(unravel(i, shape))),
  );
}

/** NumPy broadcasting: align right, sizes must match or be 1. */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, i) => {
    const sizes = shapes.map((s) => s[s.length - rank + i] ?? 1).filter((d) => d !== 1);
    if (sizes.some((d) => d !== sizes[0]))
      throw new Error(`broadcastShape: [${shapes.map((s) => s.join(',')).join('] [')}]`);
    return sizes[0] ?? 1;
  });
}

/** The element of `x` that broadcasting places at `outIndex` of a larger shape. */
function broadcastAt(x: Nd, outIndex: readonly number[]): number {
  const lead = outIndex.length - x.shape.length;
  return at(
    x,
    x.shape.map((d, i) => (d === 1 ? 0 : outIndex[lead + i]!)),
  );
}

/** Elementwise f over broadcast inputs. */
export function zipWith(f: (...values: number[]) => number, ...xs: Nd[]): Nd {
  const shape = broadcastShape(...xs.map((x) => x.shape));
  return build(shape, (index) => f(...xs.map((x) => broadcastAt(x, index))));
}

/** Elementwise f of one input. */
export const map = (x: Nd, f: (v: number) => number): Nd =>
  nd(
    x.shape,
    x.data.map((v) => f(v)),
  );

const normAxis = (a: number, rank: number): number => (a < 0 ? a + rank : a);

/**
 * Folds the values along `axes` (all when undefined; negative count from the end) with `fold`,
 * which sees the full list of values of one output position.
 */
export function reduce(
  x: Nd,
  axes: number | readonly number[] | undefined,
  keepdim: boolean,
  fold: (values: number[]) => number,
): Nd {
  const list =
    axes === undefined ? x.shape.map((_, i) => i) : typeof axes === 'number' ? [axes] : axes;
  const reduced = new Set(list.map((a) => normAxis(a, x.shape.length)));
  const keptShape = x.shape.map((d, i) => (reduced.has(i) ? 1 : d));
  const buckets: number[][] = Array.from({ length: count(keptShape) }, () => []);
  x.data.forEach((v, i) => {
    const index = unravel(i, x.shape).map((c, d) => (reduced.has(d) ? 0 : c));
    buckets[ravel(index, keptShape)]!.push(v);
  });
  const shape = keepdim ? keptShape : x.shape.filter((_, i) => !reduced.has(i));
  return nd(shape, buckets.map(fold));
}

export const total = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** (Batched) op(a) @ op(b), reading transposed operands by swapping the index pair. */
export function matmulRef(a: Nd, b: Nd, transA: boolean, transB: boolean): Nd {
  const batched = a.shape.length === 3;
  const o = batched ? 1 : 0;
  const m = transA ? a.shape[o + 1]! : a.shape[o]!;
  const k = transA ? a.shape[o]! : a.shape[o + 1]!;
  const n = transB ? b.shape[o]! : b.shape[o + 1]!;
  const shape = batched ? [a.shape[0]!, m, n] : [m, n];
  return build(shape, (index) => {
    const pre = batched ? [index[0]!] : [];
    const [i, j] = [index[o]!, index[o + 1]!];
    let s = 0;
    for (let p = 0; p < k; p++) {
      const av = at(a, [...pre, ...(transA ? [p, i] : [i, p])]);
      const bv = at(b, [...pre, ...(transB ? [j, p] : [p, j])]);
      s += av * bv;
    }
    return s;
  });
}

/** out[index] = x[index taken through perm]: out axis i is x axis perm[i]. */
export function permuteRef(x: Nd, perm: readonly number[]): Nd {
  const p = perm.map((a) => normAxis(a, x.shape.length));
  return build(
    p.map((a) => x.shape[a]!),
    (index) => {
      const source = new Array<number>(p.length);
      p.forEach((a, i) => (source[a] = index[i]!));
      return at(x, source);
    },
  );
}

/** x[starts[0]:ends[0], ...] with Python's negative bounds. */
export function sliceRef(x: Nd, starts: readonly number[], ends: readonly number[]): Nd {
  const lo = x.shape.map((d, i) => normAxis(starts[i] ?? 0, d));
  const hi = x.shape.map((d, i) => normAxis(ends[i] ?? d, d));
  return build(
    lo.map((l, i) => hi[i]! - l),
    (index) =>
      at(
        x,
        index.map((c, i) => c + lo[i]!),
      ),
  );
}

/** Zeros of `shape` with x placed at `starts`. */
export function padRef(x: Nd, starts: readonly number[], shape: readonly number[]): Nd {
  return build(shape, (index) => {
    const inner = index.map((c, i) => c - starts[i]!);
    const inside = inner.every((c, i) => c >= 0 && c < x.shape[i]!);
    return inside ? at(x, inner) : 0;
  });
}

/** Joins along `axis`. */
export function concatRef(xs: readonly Nd[], axis: number): Nd {
  const ax = normAxis(axis, xs[0]!.shape.length);
  const shape = [...xs[0]!.shape];
  shape[ax] = total(xs.map((x) => x.shape[ax]!));
  return build(shape, (index) => {
    let c = index[ax]!;
    for (const x of xs) {
      if (c < x.shape[ax]!)
        return at(
          x,
          index.map((v, i) => (i === ax ? c : v)),
        );
      c -= x.shape[ax]!;
    }
    throw new Error('concatRef: index past the end');
  });
}

/** Applies `f` to every 1-D line of x along `axis` and writes the results back in place. */
export function alongAxis(x: Nd, axis: number, f: (line: number[]) => number[]): Nd {
  const ax = normAxis(axis, x.shape.length);
  const out = [...x.data];
  const outer = x.shape.map((d, i) => (i === ax ? 1 : d));
  for (let r = 0; r < count(outer); r++) {
    const base = unravel(r, outer);
    const positions = Array.from({ length: x.shape[ax]! }, (_, c) =>
      ravel(
        base.map((v, i) => (i === ax ? c : v)),
        x.shape,
      ),
    );
    const result = f(positions.map((p) => x.data[p]!));
    positions.forEach((p, c) => (out[p] = result[c]!));
  }
  return nd(x.shape, out);
}

/** Softmax of one line, straight from the definition exp(v) / sum(exp). */
export function softmaxLine(line: readonly number[]): number[] {
  const e = line.map((v) => Math.exp(v));
  const s = total(e);
  return e.map((v) => v / s);
}

/** log(sum(exp(values))) straight from the definition (inputs in the suite stay small). */
export const logSumExpOf = (values: readonly number[]): number =>
  Math.log(total(values.map((v) => Math.exp(v))));
