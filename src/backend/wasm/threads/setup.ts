// What loadWasmBackend does differently for threads > 1: a shared memory and the threads build of the
// module, workers started on it, and the fallback to one thread (with one console warning, never a
// silent wrong answer) where this engine cannot share memory or start workers.
import { ConfigError } from '../../../errors.js';
import { threadsUnavailableReason } from './availability.js';
import { threadsModuleBytes } from './modules.js';
import { controlRegionBytes, type GemmExports, type GemmRunner, singleThreadGemm, startGemmPool } from './pool.js';
import { browserSpawner, type SpawnWorker } from './spawn.js';

/** The most threads the wasm backend takes: the split pays for a few cores, not for many. */
export const MAX_WASM_THREADS = 16;

/**
 * @throws ConfigError naming `threads` unless it is an integer from 1 to MAX_WASM_THREADS.
 */
export function checkThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new ConfigError('threads', `Invalid threads: ${threads} (expected an integer from 1 to ${MAX_WASM_THREADS})`);
  }
}

function warn(message: string): void {
  // The one message a page's console shows when it asked for threads and runs on one.
  // eslint-disable-next-line no-console
  console.warn(message);
}

/** The memory and module a backend of `threads` threads is built on. */
export interface ThreadPlan {
  readonly threads: number;
  readonly memory: WebAssembly.Memory;
  /** The threads build to compile, or null for the usual one. */
  readonly bytes: Uint8Array<ArrayBuffer> | null;
  readonly spawn: SpawnWorker | null;
}

/**
 * The plan for `threads` threads: one thread (and one warning saying why) where memory cannot be
 * shared or no worker can be started.
 * @throws ConfigError when threads > 1 comes with a module `source` (only the inlined threads build imports a shared memory).
 */
export function planThreads(threads: number, pages: number, relaxed: boolean, hasSource: boolean,
  spawnWorker: SpawnWorker | undefined): ThreadPlan {
  // initial = maximum: the memory never grows, so views into it never detach.
  const plain = (): ThreadPlan => ({ threads: 1, memory: new WebAssembly.Memory({ initial: pages, maximum: pages }), bytes: null, spawn: null });
  if (threads === 1) return plain();
  if (hasSource) {
    throw new ConfigError('threads', `threads: ${threads} runs the inlined threads build only; leave out \`source\` or ask for threads: 1`);
  }
  const reason = threadsUnavailableReason();
  const spawn = spawnWorker ?? browserSpawner();
  if (reason !== null || spawn === null) {
    warn(`descent: the wasm backend runs on 1 thread, not ${threads}: ${reason
      ?? 'this engine has no Worker (in Node, import loadWasmBackend from descent\'s Node entry)'}`);
    return plain();
  }
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  return { threads, memory, bytes: threadsModuleBytes(relaxed), spawn };
}

/**
 * The GEMM runner for a plan, its control blocks placed at byte `control`; resolves with the first
 * byte after them. A worker that fails to start (a page whose CSP refuses blob: workers) leaves the
 * backend on 1 thread, on the same memory, after one warning.
 */
export async function startGemm(plan: ThreadPlan, exports: GemmExports, module: WebAssembly.Module,
  control: number): Promise<{ runner: GemmRunner; end: number }> {
  if (plan.threads === 1 || plan.spawn === null) return { runner: singleThreadGemm(exports), end: control };
  try {
    const runner = await startGemmPool({ exports, module, memory: plan.memory, control, threads: plan.threads, spawn: plan.spawn });
    return { runner, end: control + controlRegionBytes(plan.threads - 1) };
  } catch (error) {
    warn(`descent: the wasm backend runs on 1 thread, not ${plan.threads}: ${(error as Error).message}`);
    return { runner: singleThreadGemm(exports), end: control };
  }
}
