// The kernels besides GEMM that run in the wasm module: the fused training-step kernels and same-shape
// relu/add/mul. Each call copies its float32 operands into the module's memory, runs, and copies the
// outputs back; anything else (float64, broadcasting, too big for the memory) goes to cpuBackend.
import type { Backend, BinaryKernel, Buf, Shape, UnaryKernel } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { checkLabels } from '../cpu/fused.js';
import type { Activation, FusedKernels } from '../fused-kernels.js';

/** The module's exports these kernels call (pointers are byte offsets into the memory). */
export interface KernelExports {
  /** The first byte after the module's static data. */
  heapBase(): number;
  biasActivation(x: number, bias: number, hasBias: number, rows: number, cols: number, act: number): void;
  activationBackward(gradOut: number, y: number, rows: number, cols: number, act: number, gradIn: number,
    gradBias: number, hasBias: number): void;
  softmaxCrossEntropy(logits: number, labels: number, rows: number, cols: number, grad: number, hasGrad: number,
    gradScale: number): number;
  sgdUpdate(p: number, g: number, n: number, lr: number, wd: number): void;
  momentumUpdate(p: number, g: number, v: number, n: number, lr: number, wd: number, momentum: number,
    dampening: number, nesterov: number): void;
  adamUpdate(p: number, g: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number,
    eps: number, wd: number, step: number, decoupled: number): void;
  relu(x: number, out: number, n: number): void;
  add(a: number, b: number, out: number, n: number): void;
  mul(a: number, b: number, out: number, n: number): void;
}

/** The code of each activation in the module. */
export const ACTIVATION_CODE: Readonly<Record<Activation, number>> = { none: 0, relu: 1, tanh: 2, sigmoid: 3 };

/**
 * Places arrays one after another in the memory (16-byte aligned) for one call, from `base` on: below
 * it lies the module's static data (libm's tables for exp/log/pow), which must never be overwritten.
 * One arena serves every call (`start()` rewinds it); the memory never grows, so its views stay valid
 * and a call allocates nothing.
 * @example const p = arena.start().put(x); // x copied at byte offset p
 */
export class Arena {
  private top: number;
  private readonly floats: Float32Array;
  private readonly ints: Int32Array;
  constructor(memory: WebAssembly.Memory, private readonly base: number) {
    this.top = base;
    this.floats = new Float32Array(memory.buffer);
    this.ints = new Int32Array(memory.buffer);
  }

  /** Rewinds to `base` for the next call. */
  start(): this {
    this.top = this.base;
    return this;
  }

  /** Whether arrays of these element counts (4 bytes each) fit together. */
  fits(...counts: number[]): boolean {
    let bytes = this.base;
    for (const c of counts) bytes += Math.ceil(c / 4) * 16;
    return bytes <= this.floats.byteLength;
  }

  /** Reserves room for `count` 4-byte elements and returns its byte offset. */
  reserve(count: number): number {
    const at = this.top;
    this.top += Math.ceil(count / 4) * 16;
    return at;
  }

  /** Copies `x` in and returns its byte offset. */
  put(x: Float32Array | Int32Array): number {
    const at = this.reserve(x.length);
    if (x instanceof Float32Array) this.floats.set(x, at / 4);
    else this.ints.set(x, at / 4);
    return at;
  }

  /** Copies `out.length` floats at byte offset `at` back into `out`. */
  get(at: number, out: Buf): void {
    out.set(this.floats.subarray(at / 4, at / 4 + out.length));
  }
}

const f32 = (...xs: (Buf | null)[]): boolean => xs.every((x) => x === null || x instanceof Float32Array);
const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** The kernels of `Backend` that these wasm exports replace. */
export function wasmKernels(mem0: Arena, k: KernelExports):
  Pick<FusedKernels, 'activationBackward' | 'softmaxCrossEntropy' | 'sgdUpdate' | 'momentumUpdate' | 'adamUpdate'>
  & Pick<Backend, 'relu' | 'add' | 'mul'> {
  const arena = (): Arena => mem0.start();

  const relu: UnaryKernel = (x, out) => {
    const mem = arena();
    if (!f32(x, out) || x.length === 0 || !mem.fits(x.length, x.length)) { cpuBackend.relu(x, out); return; }
    const px = mem.put(x as Float32Array);
    const po = mem.reserve(x.length);
    k.relu(px, po, x.length);
    mem.get(po, out);
  };

  function binary(name: 'add' | 'mul'): BinaryKernel {
    return (a, aShape, b, bShape, out, outShape) => {
      const mem = arena();
      const n = out.length;
      if (!f32(a, b, out) || n === 0 || !sameShape(aShape, bShape) || !sameShape(aShape, outShape) || !mem.fits(n, n, n)) {
        cpuBackend[name](a, aShape, b, bShape, out, outShape);
        return;
      }
      const pa = mem.put(a as Float32Array);
      const pb = mem.put(b as Float32Array);
      const po = mem.reserve(n);
      k[name](pa, pb, po, n);
      mem.get(po, out);
    };
  }

  return {
    relu,
    add: binary('add'),
    mul: binary('mul'),
    activationBackward(gradOut, y, rows, cols, activation, gradIn, gradBias) {
      const mem = arena();
      const n = rows * cols;
      if (!f32(gradOut, y, gradIn, gradBias) || n === 0 || !mem.fits(n, n, n, cols)) {
        cpuBackend.activationBackward(gradOut, y, rows, cols, activation, gradIn, gradBias);
        return;
      }
      const pg = mem.put(gradOut as Float32Array);
      const py = mem.put(y as Float32Array);
      const pi = mem.reserve(n);
      const pb = mem.reserve(cols);
      k.activationBackward(pg, py, rows, cols, ACTIVATION_CODE[activation], pi, pb, gradBias === null ? 0 : 1);
      mem.get(pi, gradIn);
      if (gradBias !== null) mem.get(pb, gradBias);
    },
    softmaxCrossEntropy(logits, labels, rows, cols, grad, gradScale) {
      const mem = arena();
      const n = rows * cols;
      if (!f32(logits, grad) || n === 0 || !mem.fits(n, rows, n)) {
        return cpuBackend.softmaxCrossEntropy(logits, labels, rows, cols, grad, gradScale);
      }
      // The module trusts its labels: an out-of-range one would read outside the row.
      checkLabels(labels, rows, cols);
      const pl = mem.put(logits as Float32Array);
      const py = mem.put(labels.subarray(0, rows));
      const pg = mem.reserve(n);
      const total = k.softmaxCrossEntropy(pl, py, rows, cols, pg, grad === null ? 0 : 1, gradScale);
      if (grad !== null) mem.get(pg, grad);
      return total;
    },
    sgdUpdate(param, grad, hp) {
      const mem = arena();
      const n = param.length;
      if (!f32(param, grad) || n === 0 || !mem.fits(n, n)) { cpuBackend.sgdUpdate(param, grad, hp); return; }
      const pp = mem.put(param as Float32Array);
      k.sgdUpdate(pp, mem.put(grad as Float32Array), n, hp.lr, hp.weightDecay);
      mem.get(pp, param);
    },
    momentumUpdate(param, grad, velocity, hp) {
      const mem = arena();
      const n = param.length;
      if (!f32(param, grad, velocity) || n === 0 || !mem.fits(n, n, n)) {
        cpuBackend.momentumUpdate(param, grad, velocity, hp);
        return;
      }
      const pp = mem.put(param as Float32Array);
      const pg = mem.put(grad as Float32Array);
      const pv = mem.put(velocity as Float32Array);
      k.momentumUpdate(pp, pg, pv, n, hp.lr, hp.weightDecay, hp.momentum, hp.dampening, hp.nesterov ? 1 : 0);
      mem.get(pp, param);
      mem.get(pv, velocity);
    },
    adamUpdate(param, grad, m, v, hp) {
      const mem = arena();
      const n = param.length;
      if (!f32(param, grad, m, v) || n === 0 || !mem.fits(n, n, n, n)) { cpuBackend.adamUpdate(param, grad, m, v, hp); return; }
      const pp = mem.put(param as Float32Array);
      const pg = mem.put(grad as Float32Array);
      const pm = mem.put(m as Float32Array);
      const pv = mem.put(v as Float32Array);
      k.adamUpdate(pp, pg, pm, pv, n, hp.lr, hp.beta1, hp.beta2, hp.eps, hp.weightDecay, hp.step, hp.decoupled ? 1 : 0);
      mem.get(pp, param);
      mem.get(pm, m);
      mem.get(pv, v);
    },
  };
}
