// The WebAssembly backend: float32 matrix products run in the SIMD kernel
// module; float64 and every kernel not yet ported fall back to cpuBackend.
// Engine-neutral: no node: imports, no process, no Buffer.
import { ConfigError } from '../../errors.js';
import type { Backend, Buf, MatmulOptions } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
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
  try {
    const { instance } = await WebAssembly.instantiate(relaxed ? relaxedBytes() : simd128Bytes(), { env: { memory } });
    gemm = instance.exports['gemm'] as Gemm;
  } catch (error) {
    throw new WasmUnavailableError(`wasm backend: the kernel module failed to compile: ${(error as Error).message}`);
  }
  const capacity = pages * PAGE;

  function matmul(a: Buf, b: Buf, out: Buf, m: number, k: number, n: number, options: MatmulOptions, batch = 1): void {
    const floats = (m * k + k * n + m * n) + (Math.ceil(m / 4) * 4 + Math.ceil(n / 8) * 8) * k + 32;
    if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) || floats * 4 > capacity
      || m === 0 || n === 0) {
      cpuBackend.matmul(a, b, out, m, k, n, options, batch);
      return;
    }
    // Copy each product's operands into the arena, run, copy back.
    const f = new Float32Array(memory.buffer);
    const A = 0, B = m * k, C = B + k * n, P = C + m * n;
    for (let t = 0; t < batch; t++) {
      f.set(a.subarray(t * m * k, (t + 1) * m * k), A);
      f.set(b.subarray(t * k * n, (t + 1) * k * n), B);
      const o = out.subarray(t * m * n, (t + 1) * m * n);
      if (options.accumulate === true) f.set(o, C);
      gemm(A * 4, B * 4, C * 4, m, k, n, options.transA ? 1 : 0, options.transB ? 1 : 0, options.accumulate === true ? 1 : 0, P * 4);
      o.set(f.subarray(C, C + m * n));
    }
  }

  const simd = relaxed ? 'relaxed' : 'simd128';
  const backend: WasmBackend = { ...cpuBackend, name: `wasm-${simd}`, matmul, info: { simd, threads: 1 } };
  made.add(backend);
  return backend;
}
