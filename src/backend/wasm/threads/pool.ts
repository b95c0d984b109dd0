// The GEMM on one or more threads. One thread calls the module's gemm. More: workers, each with the
// kernel module instantiated on the same shared memory and a control block of its own, take the parts
// of a product that splitProduct cuts; the caller runs the first part itself, then waits for the
// others: a part no worker has claimed yet (its core is busy, it has not woken) the caller claims and
// runs itself; for a claimed one it spins on Atomics.load briefly, then blocks in Atomics.wait where
// this thread may (Node's main thread, workers), else keeps spinning (a browser's main thread may not). Each part packs
// into its own stretch of the call's scratch, so nothing the kernels write is shared.
import { ARGS, CLAIM, CONTROL_BYTES, DONE, FAILED, SEQ, SPIN, STOP } from './control.js';
import type { SpawnWorker, WorkerHandle } from './spawn.js';
import { type Part, splitProduct } from './split.js';

type Gemm = (a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, acc: number, pack: number) => void;
type GemmRange = (a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, acc: number,
  pack: number, i0: number, i1: number, j0: number, j1: number) => void;

/** The module's GEMM exports (pointers are byte offsets; scratch counts are floats). */
export interface GemmExports {
  gemm: Gemm;
  gemmRange: GemmRange;
  gemmScratch(rows: number, k: number, cols: number): number;
}

/** Runs C = op(A) op(B) [+ C] on the module's memory, on as many threads as pay. */
export interface GemmRunner {
  readonly threads: number;
  /** Floats of scratch `run` needs for this product. */
  scratch(m: number, k: number, n: number): number;
  run(a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, acc: number, pack: number): void;
  /** Stops the workers; the runner then computes on the calling thread only. */
  dispose(): void;
}

/** The GEMM on the calling thread. */
export function singleThreadGemm(ex: GemmExports): GemmRunner {
  return {
    threads: 1,
    scratch: (m, k, n) => ex.gemmScratch(m, k, n),
    run: (a, b, c, m, k, n, ta, tb, acc, pack) => ex.gemm(a, b, c, m, k, n, ta, tb, acc, pack),
    dispose() {},
  };
}

/** Bytes of control blocks a pool of `workers` needs (16-byte aligned), at the start of the region given to it. */
export function controlRegionBytes(workers: number): number {
  return 16 + workers * CONTROL_BYTES;
}

/** Whether this thread may block in Atomics.wait (a browser's main thread may not: it throws). */
function mayBlock(probe: Int32Array): boolean {
  try {
    Atomics.wait(probe, 0, 1, 0); // value 0 != 1: returns 'not-equal' at once where waiting is allowed
    return true;
  } catch {
    return false;
  }
}

function ready(worker: WorkerHandle): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.listen((message) => {
      const m = message as { ready?: boolean; error?: string };
      if (m.ready === true) resolve();
      else reject(new Error(`a GEMM worker failed to start: ${m.error ?? 'unknown error'}`));
    }, (error) => reject(new Error(`a GEMM worker failed: ${error.message}`)));
  });
}

export interface PoolOptions {
  readonly exports: GemmExports;
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Byte offset of controlRegionBytes(threads - 1) bytes that nothing else uses. */
  readonly control: number;
  readonly threads: number;
  readonly spawn: SpawnWorker;
}

/**
 * Starts threads - 1 workers on the shared memory and resolves once each has its module instantiated.
 * @throws Error when a worker fails to start (the others are stopped).
 */
export async function startGemmPool(options: PoolOptions): Promise<GemmRunner> {
  const { exports: ex, module, memory, control, threads, spawn } = options;
  const blocks = Array.from({ length: threads - 1 }, (_, w) => new Int32Array(memory.buffer, control + 16 + w * CONTROL_BYTES, CONTROL_BYTES / 4));
  const block = mayBlock(new Int32Array(memory.buffer, control, 4));
  const workers: WorkerHandle[] = [];
  try {
    const started: Promise<void>[] = [];
    for (let w = 0; w < blocks.length; w++) {
      blocks[w]!.fill(0);
      const worker = spawn();
      workers.push(worker);
      started.push(ready(worker));
      worker.postMessage({ module, memory, control: control + 16 + w * CONTROL_BYTES });
    }
    await Promise.all(started);
  } catch (error) {
    for (const worker of workers) worker.terminate();
    throw error;
  }
  let seq = 0;
  let live = true;

  const plan = (m: number, k: number, n: number): Part[] | null => (live ? splitProduct(m, k, n, threads) : null);
  const partScratch = (p: Part, k: number): number => ex.gemmScratch(p.i1 - p.i0, k, p.j1 - p.j0);

  // Whether the worker finished `job` before a deadline no working thread misses: 10 s, or the time
  // its part takes at 0.1 GFLOP/s (a worker that died or never got its job would hang the call).
  function wait(ctl: Int32Array, job: number, work: number): boolean {
    let done = Atomics.load(ctl, DONE);
    for (let i = 0; done !== job && i < SPIN; i++) done = Atomics.load(ctl, DONE);
    if (done === job) return true;
    const deadline = performance.now() + Math.max(10_000, (2 * work) / 1e5);
    while (done !== job) {
      if (performance.now() > deadline) return false;
      if (block) Atomics.wait(ctl, DONE, done, 100);
      done = Atomics.load(ctl, DONE);
    }
    return true;
  }

  function dispose(): void {
    if (!live) return;
    live = false;
    for (let w = 0; w < workers.length; w++) {
      const ctl = blocks[w]!;
      Atomics.store(ctl, STOP, 1);
      Atomics.store(ctl, SEQ, ++seq);
      Atomics.notify(ctl, SEQ, 1);
      workers[w]!.terminate();
    }
  }

  return {
    threads,
    scratch(m, k, n) {
      const parts = plan(m, k, n);
      return parts === null ? ex.gemmScratch(m, k, n) : parts.reduce((s, p) => s + partScratch(p, k), 0);
    },
    run(a, b, c, m, k, n, ta, tb, acc, pack) {
      const parts = plan(m, k, n);
      if (parts === null) {
        ex.gemm(a, b, c, m, k, n, ta, tb, acc, pack);
        return;
      }
      const job = ++seq;
      let at = pack + partScratch(parts[0]!, k) * 4;
      for (let w = 1; w < parts.length; w++) {
        const p = parts[w]!;
        const ctl = blocks[w - 1]!;
        ctl.set([a, b, c, m, k, n, ta, tb, acc, at, p.i0, p.i1, p.j0, p.j1], ARGS);
        at += partScratch(p, k) * 4;
        // Jobs are numbered across workers and a small product skips some: each job's claim starts here.
        Atomics.store(ctl, CLAIM, job - 1);
        Atomics.store(ctl, SEQ, job);
        Atomics.notify(ctl, SEQ, 1);
      }
      const first = parts[0]!;
      ex.gemmRange(a, b, c, m, k, n, ta, tb, acc, pack, first.i0, first.i1, first.j0, first.j1);
      let failed = false;
      for (let w = 1; w < parts.length; w++) {
        const ctl = blocks[w - 1]!;
        if (Atomics.compareExchange(ctl, CLAIM, job - 1, job) === job - 1) {
          const p = parts[w]!;
          ex.gemmRange(a, b, c, m, k, n, ta, tb, acc, ctl[ARGS + 9]!, p.i0, p.i1, p.j0, p.j1);
          continue;
        }
        const p = parts[w]!;
        if (!wait(ctl, job, (p.i1 - p.i0) * (p.j1 - p.j0) * k)) {
          dispose();
          throw new Error('a GEMM worker did not finish its part of the product: the workers are stopped and the backend runs on 1 thread');
        }
        if (Atomics.exchange(ctl, FAILED, 0) !== 0) failed = true;
      }
      if (failed) throw new Error('a GEMM worker\'s kernel threw');
    },
    dispose,
  };
}
