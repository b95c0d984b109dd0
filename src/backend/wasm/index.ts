// The WebAssembly backend: float32 matrix products (with the fused bias + activation), the fused
// training-step kernels and same-shape relu/add/mul run in the kernel module; float64 and every kernel
// not yet ported fall back to cpuBackend.
// Engine-neutral: no node: imports, no process, no Buffer.
import { ConfigError } from '../../errors.js';
import type { Backend, Buf, MatmulOptions } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import type { Activation } from '../fused-kernels.js';
import { ACTIVATION_CODE, type KernelExports, wasmKernels } from './kernels.js';
import { relaxedBytes, relaxedSimdSupported, simd128Bytes, wasmUnavailableReason } from './support.js';

export { relaxedSimdSupported, wasmUnavailableReason } from './support.js';

/** The engine cannot run the wasm backend, or the module failed to load. */
export class WasmUnavailableError extends Error {
  override readonly name = 'WasmUnavailableError';
}

export interface WasmBackendOptions {
  readonly relaxed?: boolean;
  readonly threads?: number;
  readonly memoryMiB?: number;
}

export interface WasmBackend extends Backend {
  readonly info: { readonly simd: 'simd128' | 'relaxed'; readonly threads: number };
}

// The backends loadWasmBackend made, so that a Backend in use can be told apart from cpuBackend's spread.
const made = new WeakSet<Backend>();

/**
 * Whether `backend` came from loadWasmBackend.
 * @example isWasmBackend(cpuBackend); //=> false
 */
export function isWasmBackend(backend: Backend): backend is WasmBackend {
  return made.has(backend);
}

type Gemm = (a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, acc: number, pack: number) => void;

const PAGE = 65536;

function validate(options: WasmBackendOptions): { relaxed: boolean; memoryMiB: number } {
  const { threads = 1, memoryMiB = 256, relaxed } = options;
  if (threads !== 1) throw new ConfigError('threads', `Invalid threads: ${threads} (the wasm backend supports only 1)`);
  if (!Number.isInteger(memoryMiB) || memoryMiB < 1 || memoryMiB > 4095) {
    throw new ConfigError('memoryMiB', `Invalid memoryMiB: ${memoryMiB} (expected an integer from 1 to 4095)`);
  }
  if (relaxed === true && !relaxedSimdSupported()) {
    throw new WasmUnavailableError('relaxed SIMD was asked for but does not validate here (Node 20: --experimental-wasm-relaxed-simd)');
  }
  return { relaxed: relaxed ?? relaxedSimdSupported(), memoryMiB };
}

export async function loadWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const { relaxed, memoryMiB } = validate(options);
  const reason = wasmUnavailableReason();
  if (reason !== null) throw new WasmUnavailableError(`wasm backend unavailable: ${reason}`);
  const pages = memoryMiB * 16;
  // initial = maximum: the memory never grows, so views into it never detach.
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  let gemm: Gemm;
  let exports: KernelExports;
  try {
    const { instance } = await WebAssembly.instantiate(relaxed ? relaxedBytes() : simd128Bytes(), { env: { memory } });
    gemm = instance.exports['gemm'] as Gemm;
    exports = instance.exports as unknown as KernelExports;
  } catch (error) {
    throw new WasmUnavailableError(`wasm backend: the kernel module failed to compile: ${(error as Error).message}`);
  }
  // Operands go above the module's static data (libm's tables), 16-byte aligned.
  const base = Math.ceil(exports.heapBase() / 16) * 16;
  const capacity = pages * PAGE - base;

  // The product runs in the module; bias and activation are applied to C while it is still in the
  // module's memory, before it is copied out (null bias with 'none' skips that pass).
  function product(a: Buf, b: Buf, out: Buf, m: number, k: number, n: number, options: MatmulOptions, batch: number,
    bias: Buf | null, activation: Activation): boolean {
    const floats = (m * k + k * n + m * n) + (Math.ceil(m / 4) * 4 + Math.ceil(n / 8) * 8) * k + 32 + n;
    if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)
      || (bias !== null && !(bias instanceof Float32Array)) || floats * 4 > capacity || m === 0 || n === 0) {
      return false;
    }
    // Copy each product's operands into the arena, run, copy back.
    const f = new Float32Array(memory.buffer);
    const A = base / 4, B = A + m * k, C = B + k * n, BIAS = C + m * n, P = Math.ceil((BIAS + n) / 4) * 4;
    if (bias !== null) f.set(bias.subarray(0, n), BIAS);
    for (let t = 0; t < batch; t++) {
      f.set(a.subarray(t * m * k, (t + 1) * m * k), A);
      f.set(b.subarray(t * k * n, (t + 1) * k * n), B);
      const o = out.subarray(t * m * n, (t + 1) * m * n);
      if (options.accumulate === true) f.set(o, C);
      gemm(A * 4, B * 4, C * 4, m, k, n, options.transA ? 1 : 0, options.transB ? 1 : 0, options.accumulate === true ? 1 : 0, P * 4);
      if (bias !== null || activation !== 'none') {
        exports.biasActivation(C * 4, BIAS * 4, bias === null ? 0 : 1, m, n, ACTIVATION_CODE[activation]);
      }
      o.set(f.subarray(C, C + m * n));
    }
    return true;
  }

  function matmul(a: Buf, b: Buf, out: Buf, m: number, k: number, n: number, options: MatmulOptions, batch = 1): void {
    if (!product(a, b, out, m, k, n, options, batch, null, 'none')) cpuBackend.matmul(a, b, out, m, k, n, options, batch);
  }

  function matmulBiasActivation(a: Buf, b: Buf, out: Buf, m: number, k: number, n: number, options: MatmulOptions,
    bias: Buf | null, activation: Activation, batch = 1): void {
    if (!product(a, b, out, m, k, n, options, batch, bias, activation)) {
      cpuBackend.matmulBiasActivation(a, b, out, m, k, n, options, bias, activation, batch);
    }
  }

  const simd = relaxed ? 'relaxed' : 'simd128';
  const backend: WasmBackend = {
    ...cpuBackend, ...wasmKernels(memory, base, exports), name: `wasm-${simd}`, matmul, matmulBiasActivation, info: { simd, threads: 1 },
  };
  made.add(backend);
  return backend;
}
