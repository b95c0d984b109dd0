// The Backend kernels the addon runs: float32 operands go native, anything else (float64, mixed
// dtypes, broadcasts other than a repeated row, small arrays where a JS loop beats the call) goes to
// the TypeScript backend. Results of a native kernel do not depend on the thread count.
import type { Backend, BinaryKernel, Buf, Shape, UnaryKernel } from '../backend.js';
import { BINARY, GEMM_FLAGS, MODE, type NativeKernels, UNARY } from './addon.js';

// Below these lengths the TypeScript loop is faster than an N-API call (about 0.1-0.3 us): simple
// maps run ~1 ns per element in JS, exp/tanh/sigmoid ~5-10 ns.
const MIN_SIMPLE = 512;
const MIN_TRANSCENDENTAL = 32;

/** True when `shape`, without leading 1s, equals the trailing axes of `outShape` (a repeated row). */
function isTrailingRow(shape: Shape, outShape: Shape): boolean {
  let start = 0;
  while (start < shape.length && shape[start] === 1) start++;
  const len = shape.length - start;
  if (len > outShape.length) return false;
  for (let i = 0; i < len; i++) {
    if (shape[start + i] !== outShape[outShape.length - len + i]) return false;
  }
  return true;
}

/** [mode, rows, cols] of a binary op the addon can run, or null. */
function layout(a: Buf, aShape: Shape, b: Buf, bShape: Shape, outShape: Shape, n: number)
  : [number, number, number] | null {
  if (a.length === n && b.length === n) return [MODE.same, 1, n];
  if (a.length === n && b.length === 1) return [MODE.scalarB, 1, n];
  if (a.length === 1 && b.length === n) return [MODE.scalarA, 1, n];
  if (a.length === n && b.length > 0 && isTrailingRow(bShape, outShape)) return [MODE.rowB, n / b.length, b.length];
  if (b.length === n && a.length > 0 && isTrailingRow(aShape, outShape)) return [MODE.rowA, n / a.length, a.length];
  return null;
}

function unary(k: NativeKernels, op: number, min: number, fallback: UnaryKernel): UnaryKernel {
  return (x, out) => {
    if (x instanceof Float32Array && out instanceof Float32Array && x.length >= min) k.unary(op, x, out);
    else fallback(x, out);
  };
}

function binary(k: NativeKernels, op: number, fallback: BinaryKernel): BinaryKernel {
  return (a, aShape, b, bShape, out, outShape) => {
    const n = out.length;
    if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array && n >= MIN_SIMPLE) {
      const plan = layout(a, aShape, b, bShape, outShape, n);
      if (plan !== null) {
        k.binary(op, plan[0], a, b, out, plan[1], plan[2]);
        return;
      }
    }
    fallback(a, aShape, b, bShape, out, outShape);
  };
}

function product(shape: Shape, from: number, to: number): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= shape[i]!;
  return p;
}

/** The kernels of `cpu` with the float32 ones the addon has replaced by native calls. */
export function nativeKernelsBackend(k: NativeKernels, cpu: Backend): Backend {
  return {
    ...cpu,
    name: `native-${k.info.simd}`,
    relu: unary(k, UNARY.relu, MIN_SIMPLE, cpu.relu),
    exp: unary(k, UNARY.exp, MIN_TRANSCENDENTAL, cpu.exp),
    tanh: unary(k, UNARY.tanh, MIN_TRANSCENDENTAL, cpu.tanh),
    sigmoid: unary(k, UNARY.sigmoid, MIN_TRANSCENDENTAL, cpu.sigmoid),
    add: binary(k, BINARY.add, cpu.add),
    sub: binary(k, BINARY.sub, cpu.sub),
    mul: binary(k, BINARY.mul, cpu.mul),
    sum(x, shape, axes, out) {
      const rank = shape.length;
      const j = axes.length;
      if (x instanceof Float32Array && out instanceof Float32Array && x.length > 0 && j > 0) {
        // Leading axes reduced (bias gradients): column sums; trailing axes reduced: row sums.
        if (axes.every((a, i) => a === i)) {
          const rows = product(shape, 0, j);
          if (j === rank) k.sumRows(x, out, 1, rows);
          else k.sumCols(x, out, rows, product(shape, j, rank));
          return;
        }
        if (axes.every((a, i) => a === rank - j + i)) {
          k.sumRows(x, out, product(shape, 0, rank - j), product(shape, rank - j, rank));
          return;
        }
      }
      cpu.sum(x, shape, axes, out);
    },
    matmul(a, b, out, m, kk, n, options, batch = 1) {
      if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) {
        const flags = (options.transA ? GEMM_FLAGS.transA : 0) | (options.transB ? GEMM_FLAGS.transB : 0) |
          (options.accumulate === true ? GEMM_FLAGS.accumulate : 0);
        k.gemm(a, b, out, m, kk, n, flags, batch);
      } else cpu.matmul(a, b, out, m, kk, n, options, batch);
    },
    softmax(x, rows, cols, out) {
      if (x instanceof Float32Array && out instanceof Float32Array) k.softmax(x, out, rows, cols, 0);
      else cpu.softmax(x, rows, cols, out);
    },
    logSoftmax(x, rows, cols, out) {
      if (x instanceof Float32Array && out instanceof Float32Array) k.softmax(x, out, rows, cols, 1);
      else cpu.logSoftmax(x, rows, cols, out);
    },
  };
}
