// The WebAssembly backend: float32 matrix products (with the fused bias + activation), the fused
// training-step kernels and same-shape relu/add/mul run in the kernel module; float64 and every kernel
// not yet ported fall back to cpuBackend.
// Engine-neutral: no node: imports, no process, no Buffer.
import { ConfigError } from '../../errors.js';
import type { Backend, Buf, DType, MatmulOptions } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import type { Activation } from '../fused-kernels.js';
import { Heap } from './heap.js';
import { ACTIVATION_CODE, Arena, type KernelExports, wasmKernels } from './kernels.js';
import { moreWasmKernels } from './more-kernels.js';
import { windowWasmKernels } from './window-kernels.js';
import { moduleSourceBytes, type WasmSource } from './source.js';
import { relaxedSimdSupported, wasmUnavailableReason } from './support.js';
import type { GemmExports } from './threads/pool.js';
import { checkThreads, planThreads, startGemm } from './threads/setup.js';
import type { SpawnWorker } from './threads/spawn.js';

export { relaxedSimdSupported, wasmUnavailableReason } from './support.js';
export type { WasmSource } from './source.js';
export type { SpawnWorker, WorkerHandle } from './threads/spawn.js';

/** The engine cannot run the wasm backend, or the module failed to load. */
export class WasmUnavailableError extends Error {
  override readonly name = 'WasmUnavailableError';
}

export interface WasmBackendOptions {
  readonly relaxed?: boolean;
  readonly threads?: number;
  readonly memoryMiB?: number;
  /**
   * The kernel module to compile instead of the copy inlined in the build: its URL (fetched), its
   * bytes, or a fetch's Response. It must be the build `relaxed` names (relaxed SIMD or SIMD128).
   * A failed fetch rejects with a WasmUnavailableError naming the URL and the status.
   */
  readonly source?: WasmSource;
  /**
   * Starts one GEMM worker when threads > 1 (default: a Web Worker where this engine has one; Node's
   * entry passes worker_threads).
   */
  readonly spawnWorker?: SpawnWorker;
}

export interface WasmBackend extends Backend {
  readonly info: { readonly simd: 'simd128' | 'relaxed'; readonly threads: number };
  /** The module's memory, which never grows: resident buffers are views of `memory.buffer`. */
  readonly memory: WebAssembly.Memory;
  /** Where alloc places resident float32 buffers. */
  readonly heap: Heap;
  /** The per-call scratch; its copy counters tell what was not resident (for tests and benchmarks). */
  readonly arena: Arena;
  /** Stops the GEMM workers (threads > 1); the backend then computes on the calling thread. */
  dispose(): void;
}

const FLAVOURS: readonly string[] = ['simd128', 'relaxed'];

/**
 * Whether `backend` came from loadWasmBackend (its `info` names a wasm SIMD flavour).
 * @example isWasmBackend(cpuBackend); //=> false
 */
export function isWasmBackend(backend: Backend): backend is WasmBackend {
  const info = (backend as Partial<WasmBackend>).info;
  return info !== undefined && FLAVOURS.includes(info.simd);
}

function validate(options: WasmBackendOptions): { relaxed: boolean; memoryMiB: number; threads: number } {
  const { threads = 1, memoryMiB = 256, relaxed } = options;
  checkThreads(threads);
  if (!Number.isInteger(memoryMiB) || memoryMiB < 1 || memoryMiB > 4095) {
    throw new ConfigError('memoryMiB', `Invalid memoryMiB: ${memoryMiB} (expected an integer from 1 to 4095)`);
  }
  if (relaxed === true && !relaxedSimdSupported()) {
    throw new WasmUnavailableError('relaxed SIMD was asked for but does not validate here (Node 20: --experimental-wasm-relaxed-simd)');
  }
  return { relaxed: relaxed ?? relaxedSimdSupported(), memoryMiB, threads };
}

export async function loadWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const { relaxed, memoryMiB, threads } = validate(options);
  const reason = wasmUnavailableReason();
  if (reason !== null) throw new WasmUnavailableError(`wasm backend unavailable: ${reason}`);
  const pages = memoryMiB * 16;
  // threads > 1: a shared memory and the threads build of the module (or 1 thread and a warning).
  const plan = planThreads(threads, pages, relaxed, options.source !== undefined, options.spawnWorker);
  const memory = plan.memory;
  const bytes = plan.bytes ?? await moduleSourceBytes(options.source, relaxed).catch((error: Error) => {
    throw new WasmUnavailableError(`wasm backend: ${error.message}`);
  });
  let module: WebAssembly.Module;
  let exports: KernelExports & GemmExports;
  try {
    const compiled = await WebAssembly.instantiate(bytes, { env: { memory } });
    module = compiled.module;
    exports = compiled.instance.exports as unknown as KernelExports & GemmExports;
  } catch (error) {
    throw new WasmUnavailableError(`wasm backend: the kernel module failed to compile: ${(error as Error).message}`);
  }
  // Above the module's static data (libm's tables), 16-byte aligned: a scratch quarter for the operands
  // of one call that are not resident and the product's packed panels, then the heap of resident buffers.
  // The GEMM workers' control blocks (threads > 1) come first.
  const { runner, end: base } = await startGemm(plan, exports, module, Math.ceil(exports.heapBase() / 16) * 16);
  const scratchEnd = base + Math.floor((memory.buffer.byteLength - base) / 64) * 16;
  const arena = new Arena(memory, base, scratchEnd);
  const heap = new Heap(memory.buffer, scratchEnd, memory.buffer.byteLength);

  // The product runs in the module; bias and activation are applied to C while it is still in the
  // module's memory, before it is copied out (null bias with 'none' skips that pass). C is written
  // in place when `out` is resident and shares no byte with A, B or the bias, which the kernel reads
  // after it starts writing C; accumulate then needs no copy in either.
  function product(a: Buf, b: Buf, out: Buf, m: number, k: number, n: number, options: MatmulOptions, batch: number,
    bias: Buf | null, activation: Activation): boolean {
    // The packed panels of op(A) and op(B), zero-padded, for each thread's part of the product.
    const packed = runner.scratch(m, k, n);
    if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)
      || (bias !== null && !(bias instanceof Float32Array)) || m === 0 || n === 0) {
      return false;
    }
    const inPlace = arena.inPlace(out, [a, b, bias], false);
    const scratch = (x: Buf | null, count: number): number => (x === null || arena.resident(x) ? 0 : count);
    if (!arena.fits(scratch(a, m * k), scratch(b, k * n), inPlace ? 0 : m * n, scratch(bias, n), packed)) {
      return false;
    }
    const accumulate = options.accumulate === true;
    for (let t = 0; t < batch; t++) {
      arena.start();
      const A = arena.put(a.subarray(t * m * k, (t + 1) * m * k));
      const B = arena.put(b.subarray(t * k * n, (t + 1) * k * n));
      const o = out.subarray(t * m * n, (t + 1) * m * n);
      // Not in place, C is a copy even when `out` is resident: it overlaps an operand.
      const C = inPlace ? o.byteOffset : accumulate ? arena.copyIn(o) : arena.reserve(m * n);
      // With no bias the kernel never reads its pointer.
      const BIAS = bias === null ? 0 : arena.put(bias.subarray(0, n));
      const P = arena.reserve(packed);
      runner.run(A, B, C, m, k, n, options.transA ? 1 : 0, options.transB ? 1 : 0, accumulate ? 1 : 0, P);
      if (bias !== null || activation !== 'none') {
        exports.biasActivation(C, BIAS, bias === null ? 0 : 1, m, n, ACTIVATION_CODE[activation]);
      }
      arena.get(C, o);
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
  // Float32 tensors live in the heap while it has room, so the kernels use them in place; float64
  // (which no wasm kernel takes) and overflow get plain arrays, copied in per call as before.
  const alloc = (dtype: DType, n: number): Buf | null => (dtype === 'float32' ? heap.alloc(n) : null);
  const backend: WasmBackend = {
    ...cpuBackend, alloc, memory, heap, arena, ...wasmKernels(arena, exports), ...moreWasmKernels(arena, exports),
    ...windowWasmKernels(arena, exports, memory), name: `wasm-${simd}`, matmul, matmulBiasActivation,
    info: { simd, threads: runner.threads }, dispose: () => runner.dispose(),
  };
  return backend;
}
