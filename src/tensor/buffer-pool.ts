// Reusing the buffers of a training step (issue 8's allocation-free steady state). A training loop runs
// the arithmetic of each step inside `pool.run(...)`, which records every buffer allocBuf hands out
// (activations, gradients of activations, loss temporaries, the batch); when the step is over and
// only numbers have left it, `pool.endStep()` takes all of them back. State that outlives a step is
// never made through the pool: parameters, module buffers and optimizer state exist before the first
// step, and a leaf's `.grad`, which the first backward creates, is allocated outside it
// (autograd/leaf-grad.ts). The next step's allocBuf calls get the buffers back, zero-filled. New
// buffers come from the default backend's storage where it has one (newBuf): on the wasm backend a
// step's buffers then live in its memory and stay there, reused, for as long as the pool does.
import type { Buf, DType } from '../backend/backend.js';
import { withBufferPool } from '../context.js';
import { newBuf } from './tensor.js';

/**
 * Free buffers by dtype and length, and the buffers handed out in the current step.
 * @example
 * const pool = new BufferPool();
 * for (const batch of batches) {
 *   const loss = pool.run(() => step(batch)); // returns a number, never a tensor
 *   pool.endStep();
 * }
 */
export class BufferPool {
  private readonly free = new Map<string, Buf[]>();
  private readonly handedOut: Buf[] = [];
  /** Integer index buffers (a max pool's argmax), by length, and those handed out this step. */
  private readonly freeIndices = new Map<number, Int32Array[]>();
  private readonly indicesOut: Int32Array[] = [];
  /** Buffers allocBuf took from the pool (for tests and benchmarks). */
  reused = 0;
  /** Buffers allocBuf had to allocate while this pool was active (for tests and benchmarks). */
  allocated = 0;

  /**
   * Runs `fn` with this pool serving allocBuf; restores the previous pool after. Whatever `fn` returns
   * must not hold tensors made inside it: their buffers go back to the pool at `endStep`.
   */
  run<T>(fn: () => T): T {
    return withBufferPool(this, fn);
  }

  /**
   * A zero-filled buffer of this dtype and length: a free one, or a new one; recorded for endStep.
   * With `zero` false a free one keeps what the last step left in it, for a kernel that overwrites
   * every element (zeroing the patch matrix of a convolution would cost a pass over tens of MB).
   */
  alloc(dtype: DType, n: number, zero = true): Buf {
    const buf = this.free.get(keyOf(dtype, n))?.pop();
    let out: Buf;
    if (buf === undefined) {
      this.allocated++;
      out = newBuf(dtype, n);
    } else {
      this.reused++;
      out = zero ? buf.fill(0) : buf;
    }
    this.handedOut.push(out);
    return out;
  }

  /** An Int32Array of length n whose every element the caller writes (not zeroed when reused). */
  allocIndices(n: number): Int32Array {
    const buf = this.freeIndices.get(n)?.pop();
    if (buf === undefined) this.allocated++;
    else this.reused++;
    const out = buf ?? new Int32Array(n);
    this.indicesOut.push(out);
    return out;
  }

  /** Takes back every buffer handed out since the last endStep: nothing may read them any more. */
  endStep(): void {
    for (const buf of this.indicesOut) {
      const list = this.freeIndices.get(buf.length);
      if (list === undefined) this.freeIndices.set(buf.length, [buf]);
      else list.push(buf);
    }
    this.indicesOut.length = 0;
    for (const buf of this.handedOut) {
      const key = keyOf(buf instanceof Float64Array ? 'float64' : 'float32', buf.length);
      const list = this.free.get(key);
      if (list === undefined) this.free.set(key, [buf]);
      else list.push(buf);
    }
    this.handedOut.length = 0;
  }
}

/** The free list a buffer of this dtype and length belongs to. */
function keyOf(dtype: DType, n: number): string {
  return `${dtype}:${n}`;
}
