// The elementwise, reduction, softmax and RMSProp/Adagrad kernels that run in the wasm module (sources
// in wasm/kernels/{elementwise,reduce,softmax,optim}.ts). Each call places its float32 operands in the
// module's memory through the Arena (in place when they live there already), runs, and takes the outputs
// back (written in place when the output lives there and overlaps no input it must not); float64, an
// empty operand, a broadcast or reduction the module has no loop for, or operands too big for the
// scratch go to cpuBackend.
import type { Backend, BinaryKernel, Buf, ReduceKernel, Shape, UnaryKernel } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { ACTIVATION_CODE, type Arena, overlaps } from './kernels.js';

/** The exports of the module these kernels call (pointers are byte offsets into the memory). */
interface MoreKernelExports {
  binary(op: number, a: number, aRow: number, aCol: number, b: number, bRow: number, bCol: number, out: number,
    rows: number, cols: number): void;
  unary(op: number, x: number, out: number, n: number, p: number, q: number): void;
  reduceRows(op: number, x: number, rows: number, cols: number, out: number): void;
  reduceCols(op: number, x: number, outer: number, inner: number, out: number): void;
  softmax(x: number, rows: number, cols: number, out: number): void;
  logSoftmax(x: number, rows: number, cols: number, out: number): void;
  rmspropUpdate(p: number, g: number, sq: number, n: number, lr: number, alpha: number, eps: number, wd: number): void;
  adagradUpdate(p: number, g: number, sum: number, n: number, lr: number, eps: number, wd: number): void;
  biasActivation(x: number, bias: number, hasBias: number, rows: number, cols: number, act: number): void;
}

/** The binary codes of wasm/kernels/elementwise.ts. */
const BINARY = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 } as const;
type BinaryName = keyof typeof BINARY;

const f32 = (...xs: (Buf | null)[]): boolean => xs.every((x) => x === null || x instanceof Float32Array);
const product = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);

/**
 * [row stride, column stride] (elements) of an operand of `shape` broadcast to `outShape`, walked as
 * rows x (last axis of outShape): the same shape, a scalar, a row ([n] or [1, n]) or a column
 * ([m, 1]); null for any other broadcast.
 * @example operandStrides([3], [2, 3]); //=> [0, 1]
 */
export function operandStrides(shape: Shape, outShape: Shape): [number, number] | null {
  const rank = outShape.length;
  if (shape.length > rank) return null;
  const padded = [...new Array<number>(rank - shape.length).fill(1), ...shape];
  const cols = outShape[rank - 1] ?? 1;
  const lead = padded.slice(0, rank - 1);
  const outLead = outShape.slice(0, rank - 1);
  const last = padded[rank - 1] ?? 1;
  const leadSame = lead.every((d, i) => d === outLead[i]);
  const leadOnes = lead.every((d) => d === 1);
  if (leadSame && last === cols) return [cols, 1];
  if (leadOnes && last === cols) return [0, 1];
  if (leadSame && last === 1) return [1, 0];
  if (leadOnes && last === 1) return [0, 0];
  return null;
}

/**
 * How the module reduces `shape` over `axes`: size-1 axes dropped (as cpuBackend's collapse does, so
 * both sum in the same order), then trailing axes fold rows and leading axes combine rows; null for
 * any other pattern.
 * @example reducePlan([4, 1, 5], [2]); //=> { kind: 'rows', outer: 4, inner: 5 }
 */
export function reducePlan(shape: Shape, axes: readonly number[]):
  { kind: 'rows' | 'cols'; outer: number; inner: number } | null {
  const dims: number[] = [];
  const reduced: boolean[] = [];
  shape.forEach((d, i) => {
    if (d === 1) return;
    dims.push(d);
    reduced.push(axes.includes(i));
  });
  const count = reduced.filter(Boolean).length;
  if (count === 0) return null;
  const split = dims.length - count;
  if (reduced.every((r, i) => r === i >= split)) {
    return { kind: 'rows', outer: product(dims.slice(0, split)), inner: product(dims.slice(split)) };
  }
  if (reduced.every((r, i) => r === i < count)) {
    return { kind: 'cols', outer: product(dims.slice(0, count)), inner: product(dims.slice(count)) };
  }
  return null;
}

type More = Pick<Backend, BinaryName | 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'leakyRelu'
  | 'clamp' | 'scale' | 'sum' | 'max' | 'softmax' | 'logSoftmax' | 'rmspropUpdate' | 'adagradUpdate' | 'biasActivation'>;

/**
 * The kernels of `Backend` that these exports replace, over one Arena shared with the other kernels.
 * `exports` is the kernel module's instance exports.
 */
export function moreWasmKernels(arena: Arena, exports: object): More {
  const k = exports as MoreKernelExports;

  function binary(name: BinaryName): BinaryKernel {
    return (a, aShape, b, bShape, out, outShape) => {
      const n = out.length;
      const sa = operandStrides(aShape, outShape);
      const sb = operandStrides(bShape, outShape);
      const mem = arena.start();
      // Each output element is written after its inputs are read, so out may be exactly a or b.
      if (!f32(a, b, out) || n === 0 || sa === null || sb === null
        || !mem.fits(mem.staged(a), mem.staged(b), mem.scratchFor(out, [a, b], true))) {
        cpuBackend[name](a, aShape, b, bShape, out, outShape);
        return;
      }
      const cols = outShape[outShape.length - 1] ?? 1;
      const pa = mem.put(a as Float32Array);
      const pb = mem.put(b as Float32Array);
      const po = mem.output(out, [a, b], true);
      k.binary(BINARY[name], pa, sa[0], sa[1], pb, sb[0], sb[1], po, n / cols, cols);
      mem.get(po, out);
    };
  }

  /** A unary kernel with the module's code `op` and scalar parameters p, q. */
  function unary(op: number, x: Buf, out: Buf, p: number, q: number, fallback: () => void): void {
    const n = x.length;
    const mem = arena.start();
    if (!f32(x, out) || n === 0 || !mem.fits(mem.staged(x), mem.scratchFor(out, [x], true))) { fallback(); return; }
    const px = mem.put(x as Float32Array);
    const po = mem.output(out, [x], true);
    k.unary(op, px, po, n, p, q);
    mem.get(po, out);
  }
  const map = (op: number, name: 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid'): UnaryKernel =>
    (x, out) => unary(op, x, out, 0, 0, () => cpuBackend[name](x, out));

  function reduce(op: 0 | 1, name: 'sum' | 'max'): ReduceKernel {
    return (x, shape, axes, out) => {
      const plan = reducePlan(shape, axes);
      const mem = arena.start();
      // out is filled before x is read (leading axes), so it may share no byte with x.
      if (!f32(x, out) || x.length === 0 || plan === null || !mem.fits(mem.staged(x), mem.scratchFor(out, [x], false))) {
        cpuBackend[name](x, shape, axes, out);
        return;
      }
      const px = mem.put(x as Float32Array);
      const po = mem.output(out, [x], false);
      if (plan.kind === 'rows') k.reduceRows(op, px, plan.outer, plan.inner, po);
      else k.reduceCols(op, px, plan.outer, plan.inner, po);
      mem.get(po, out);
    };
  }

  function rowwise(name: 'softmax' | 'logSoftmax'): Backend['softmax'] {
    return (x, rows, cols, out) => {
      const n = rows * cols;
      const mem = arena.start();
      // A row's elements are written after the whole row was read (its max, its sum), or element by
      // element after that one was read, so out may be exactly x.
      const xs = x.subarray(0, n), os = out.subarray(0, n);
      if (!f32(x, out) || n === 0 || !mem.fits(mem.staged(xs), mem.scratchFor(os, [xs], true))) {
        cpuBackend[name](x, rows, cols, out);
        return;
      }
      const px = mem.put(xs as Float32Array);
      const po = mem.output(os, [xs], true);
      k[name](px, rows, cols, po);
      mem.get(po, os);
    };
  }

  return {
    add: binary('add'),
    sub: binary('sub'),
    mul: binary('mul'),
    div: binary('div'),
    maximum: binary('maximum'),
    minimum: binary('minimum'),
    neg: map(0, 'neg'),
    exp: map(1, 'exp'),
    log: map(2, 'log'),
    sqrt: map(3, 'sqrt'),
    abs: map(4, 'abs'),
    tanh: map(5, 'tanh'),
    sigmoid: map(6, 'sigmoid'),
    leakyRelu: (x, alpha, out) => unary(7, x, out, alpha, 0, () => cpuBackend.leakyRelu(x, alpha, out)),
    clamp: (x, low, high, out) => unary(8, x, out, low, high, () => cpuBackend.clamp(x, low, high, out)),
    scale: (x, s, out) => unary(9, x, out, s, 0, () => cpuBackend.scale(x, s, out)),
    sum: reduce(0, 'sum'),
    max: reduce(1, 'max'),
    softmax: rowwise('softmax'),
    logSoftmax: rowwise('logSoftmax'),
    biasActivation(x, bias, rows, cols, activation, out) {
      const n = rows * cols;
      const mem = arena.start();
      const os = out.subarray(0, n);
      const bs = bias === null ? null : bias.subarray(0, cols);
      // The bias is read while out is written: one sharing a byte with out stays on cpuBackend.
      if (!f32(x, bias, out) || n === 0 || (bs !== null && overlaps(bs, os))
        || !mem.fits(mem.staged(os), bs === null ? cols : mem.staged(bs))) {
        cpuBackend.biasActivation(x, bias, rows, cols, activation, out);
        return;
      }
      // The module works in place, so it runs on out (holding x): an x already in the module's memory
      // would otherwise be overwritten.
      if (out !== x) os.set(x.subarray(0, n));
      const px = mem.put(os as Float32Array);
      const pb = bs === null ? mem.reserve(cols) : mem.put(bs as Float32Array);
      k.biasActivation(px, pb, bias === null ? 0 : 1, rows, cols, ACTIVATION_CODE[activation]);
      mem.get(px, os);
    },
    rmspropUpdate(param, grad, square, hp) {
      const n = param.length;
      const mem = arena.start();
      if (!f32(param, grad, square) || n === 0 || !mem.fits(mem.staged(param), mem.staged(grad), mem.staged(square))) {
        cpuBackend.rmspropUpdate(param, grad, square, hp);
        return;
      }
      const pp = mem.put(param as Float32Array);
      const pg = mem.put(grad as Float32Array);
      const ps = mem.put(square as Float32Array);
      k.rmspropUpdate(pp, pg, ps, n, hp.lr, hp.alpha, hp.eps, hp.weightDecay);
      mem.get(pp, param);
      mem.get(ps, square);
    },
    adagradUpdate(param, grad, sum, hp) {
      const n = param.length;
      const mem = arena.start();
      if (!f32(param, grad, sum) || n === 0 || !mem.fits(mem.staged(param), mem.staged(grad), mem.staged(sum))) {
        cpuBackend.adagradUpdate(param, grad, sum, hp);
        return;
      }
      const pp = mem.put(param as Float32Array);
      const pg = mem.put(grad as Float32Array);
      const ps = mem.put(sum as Float32Array);
      k.adagradUpdate(pp, pg, ps, n, hp.lr, hp.eps, hp.weightDecay);
      mem.get(pp, param);
      mem.get(ps, sum);
    },
  };
}
