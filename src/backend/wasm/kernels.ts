// The kernels besides GEMM that run in the wasm module: the fused training-step kernels and same-shape
// relu/add/mul. Float32 operands that live in the module's memory (resident: tensors made through the
// backend's `alloc`) are used in place; others are copied into scratch, and outputs copied back out.
// Anything else (float64, broadcasting, too big for the scratch) goes to cpuBackend.
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
 * Places the operands of one call in the memory. An operand that already lives there (a view of the
 * memory, as tensors made through the backend's `alloc` are) is used in place; any other is copied
 * into the scratch region [base, end), one after another (16-byte aligned). Below `base` lies the
 * module's static data (libm's tables for exp/log/pow), which must never be overwritten; above `end`
 * lies the Heap of resident buffers. One arena serves every call (`start()` rewinds it); the memory
 * never grows, so its views stay valid and a call allocates nothing.
 * @example const p = arena.start().put(x); // x's byte offset: in place, or where it was copied
 */
export class Arena {
  private top: number;
  private readonly buffer: ArrayBufferLike;
  private readonly floats: Float32Array;
  private readonly ints: Int32Array;
  /** Arrays copied in by put and out by get since the arena was made (for tests and benchmarks). */
  copiesIn = 0;
  copiesOut = 0;
  constructor(memory: WebAssembly.Memory, private readonly base: number, private readonly end: number) {
    this.top = base;
    // memory.buffer is read once: the memory never grows, so this is its buffer for good.
    this.buffer = memory.buffer;
    this.floats = new Float32Array(this.buffer);
    this.ints = new Int32Array(this.buffer);
  }

  /** Rewinds to `base` for the next call. */
  start(): this {
    this.top = this.base;
    return this;
  }

  /** Whether `x` lives in the memory already (put returns its own offset, get copies nothing). */
  resident(x: ArrayBufferView): boolean {
    return x.buffer === this.buffer;
  }

  /** The elements put(x) would copy into the scratch region: 0 for a resident array. */
  staged(x: Buf | Int32Array | null): number {
    return x === null || this.resident(x) ? 0 : x.length;
  }

  /** Whether scratch arrays of these element counts (4 bytes each) fit together. */
  fits(...counts: number[]): boolean {
    let bytes = this.base;
    for (const c of counts) bytes += Math.ceil(c / 4) * 16;
    return bytes <= this.end;
  }

  /** Reserves scratch room for `count` 4-byte elements and returns its byte offset. */
  reserve(count: number): number {
    const at = this.top;
    this.top += Math.ceil(count / 4) * 16;
    return at;
  }

  /** The byte offset of `x`: its own when resident, else where it was copied in. */
  put(x: Float32Array | Int32Array): number {
    return this.resident(x) ? x.byteOffset : this.copyIn(x);
  }

  /** Copies `x` into scratch, resident or not, and returns where. */
  copyIn(x: Float32Array | Int32Array): number {
    const at = this.reserve(x.length);
    this.copiesIn++;
    if (x instanceof Float32Array) this.floats.set(x, at / 4);
    else this.ints.set(x, at / 4);
    return at;
  }

  /**
   * Whether the kernel may write `out` in place: it is resident and shares no byte with any of
   * `inputs` (except, when `sameOk`, an input that is exactly `out`, for kernels that read element i
   * before writing it and nothing after).
   */
  inPlace(out: Buf, inputs: readonly (Buf | Int32Array | null)[], sameOk: boolean): boolean {
    return out instanceof Float32Array && this.resident(out)
      && inputs.every((x) => x === null || !overlaps(out, x) || (sameOk && sameView(out, x)));
  }

  /** The scratch elements output() needs for `out`: 0 when it is written in place. */
  scratchFor(out: Buf | null, inputs: readonly (Buf | Int32Array | null)[], sameOk: boolean): number {
    return out === null || this.inPlace(out, inputs, sameOk) ? 0 : out.length;
  }

  /** Where the kernel writes `out`: `out` itself when inPlace, else fresh scratch that get() copies back. */
  output(out: Buf, inputs: readonly (Buf | Int32Array | null)[], sameOk: boolean): number {
    return this.inPlace(out, inputs, sameOk) ? out.byteOffset : this.reserve(out.length);
  }

  /** Copies `out.length` floats at byte offset `at` back into `out`, unless that is where `out` lives. */
  get(at: number, out: Buf): void {
    if (this.resident(out) && out.byteOffset === at && out instanceof Float32Array) return;
    this.copiesOut++;
    out.set(this.floats.subarray(at / 4, at / 4 + out.length));
  }
}

/** Whether two views share a byte of the same buffer. */
export function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

const sameView = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.byteLength === b.byteLength;

const f32 = (...xs: (Buf | null)[]): boolean => xs.every((x) => x === null || x instanceof Float32Array);
const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** The kernels of `Backend` that these wasm exports replace. */
export function wasmKernels(mem0: Arena, k: KernelExports):
  Pick<FusedKernels, 'activationBackward' | 'softmaxCrossEntropy' | 'sgdUpdate' | 'momentumUpdate' | 'adamUpdate'>
  & Pick<Backend, 'relu' | 'add' | 'mul'> {
  const arena = (): Arena => mem0.start();

  const relu: UnaryKernel = (x, out) => {
    const mem = arena();
    if (!f32(x, out) || x.length === 0 || !mem.fits(mem.staged(x), mem.scratchFor(out, [x], true))) {
      cpuBackend.relu(x, out);
      return;
    }
    const px = mem.put(x as Float32Array);
    const po = mem.output(out, [x], true);
    k.relu(px, po, x.length);
    mem.get(po, out);
  };

  function binary(name: 'add' | 'mul'): BinaryKernel {
    return (a, aShape, b, bShape, out, outShape) => {
      const mem = arena();
      const n = out.length;
      if (!f32(a, b, out) || n === 0 || !sameShape(aShape, bShape) || !sameShape(aShape, outShape)
        || !mem.fits(mem.staged(a), mem.staged(b), mem.scratchFor(out, [a, b], true))) {
        cpuBackend[name](a, aShape, b, bShape, out, outShape);
        return;
      }
      const pa = mem.put(a as Float32Array);
      const pb = mem.put(b as Float32Array);
      const po = mem.output(out, [a, b], true);
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
      // gradIn[i] is read back for the column sums, so gradBias may share no byte with it (or the inputs).
      const biasInputs = [gradIn, gradOut, y];
      if (!f32(gradOut, y, gradIn, gradBias) || n === 0
        || !mem.fits(mem.staged(gradOut), mem.staged(y), mem.scratchFor(gradIn, [gradOut, y], true),
          gradBias === null ? 0 : mem.scratchFor(gradBias, biasInputs, false))) {
        cpuBackend.activationBackward(gradOut, y, rows, cols, activation, gradIn, gradBias);
        return;
      }
      const pg = mem.put(gradOut as Float32Array);
      const py = mem.put(y as Float32Array);
      const pi = mem.output(gradIn, [gradOut, y], true);
      const pb = gradBias === null ? 0 : mem.output(gradBias, biasInputs, false);
      k.activationBackward(pg, py, rows, cols, ACTIVATION_CODE[activation], pi, pb, gradBias === null ? 0 : 1);
      mem.get(pi, gradIn);
      if (gradBias !== null) mem.get(pb, gradBias);
    },
    softmaxCrossEntropy(logits, labels, rows, cols, grad, gradScale) {
      const mem = arena();
      const n = rows * cols;
      const used = labels.subarray(0, rows);
      if (!f32(logits, grad) || n === 0
        || !mem.fits(mem.staged(logits), mem.staged(used), mem.scratchFor(grad, [logits, used], true))) {
        return cpuBackend.softmaxCrossEntropy(logits, labels, rows, cols, grad, gradScale);
      }
      // The module trusts its labels: an out-of-range one would read outside the row.
      checkLabels(labels, rows, cols);
      const pl = mem.put(logits as Float32Array);
      const py = mem.put(used);
      const pg = grad === null ? 0 : mem.output(grad, [logits, used], true);
      const total = k.softmaxCrossEntropy(pl, py, rows, cols, pg, grad === null ? 0 : 1, gradScale);
      if (grad !== null) mem.get(pg, grad);
      return total;
    },
    // The updates work in place on their state: put() gives a resident array's own offset and get()
    // then copies nothing; a state array that is not resident is copied in and back out.
    sgdUpdate(param, grad, hp) {
      const mem = arena();
      const n = param.length;
      if (!f32(param, grad) || n === 0 || !mem.fits(mem.staged(param), mem.staged(grad))) {
        cpuBackend.sgdUpdate(param, grad, hp);
        return;
      }
      const pp = mem.put(param as Float32Array);
      k.sgdUpdate(pp, mem.put(grad as Float32Array), n, hp.lr, hp.weightDecay);
      mem.get(pp, param);
    },
    momentumUpdate(param, grad, velocity, hp) {
      const mem = arena();
      const n = param.length;
      if (!f32(param, grad, velocity) || n === 0 || !mem.fits(mem.staged(param), mem.staged(grad), mem.staged(velocity))) {
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
      if (!f32(param, grad, m, v) || n === 0 || !mem.fits(mem.staged(param), mem.staged(grad), mem.staged(m), mem.staged(v))) {
        cpuBackend.adamUpdate(param, grad, m, v, hp);
        return;
      }
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
