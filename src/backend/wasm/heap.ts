// The resident part of the wasm backend's memory: float32 buffers that tensors use as their storage,
// so the kernels read and write them in place instead of copying them in and out on every call.
// A first-fit free list of 16-byte-aligned blocks, coalesced on free. A block is freed when its view
// is garbage-collected (FinalizationRegistry) or released explicitly. The view handed out is the
// block's owner: a subarray of it does not keep the block alive, so nothing may keep a subarray of a
// tensor's storage longer than the tensor itself.
// Engine-neutral: no node: imports.

const ALIGN = 16;

/** Free blocks as [offset, bytes], sorted by offset, never adjacent (adjacent ones are merged). */
interface Block { at: number; bytes: number }

/**
 * Hands out zero-filled Float32Array views of [start, end) of `buffer`.
 * @example const v = heap.alloc(10); // v.buffer === buffer, or null when the heap is full
 */
export class Heap {
  private readonly free: Block[];
  /** The size of each block handed out, by offset. */
  private readonly used = new Map<number, number>();
  private readonly registry = new FinalizationRegistry<number>((at) => { this.freeBlock(at); });

  constructor(private readonly buffer: ArrayBufferLike, start: number, end: number) {
    const at = Math.ceil(start / ALIGN) * ALIGN;
    const top = Math.floor(end / ALIGN) * ALIGN;
    this.free = top > at ? [{ at, bytes: top - at }] : [];
  }

  /** A zero-filled view of `n` floats in the heap, or null when no free block is big enough. */
  alloc(n: number): Float32Array | null {
    if (!Number.isInteger(n) || n <= 0) return null;
    const bytes = Math.ceil((n * 4) / ALIGN) * ALIGN;
    const i = this.free.findIndex((b) => b.bytes >= bytes);
    if (i < 0) return null;
    const block = this.free[i]!;
    const at = block.at;
    if (block.bytes === bytes) this.free.splice(i, 1);
    else { block.at += bytes; block.bytes -= bytes; }
    this.used.set(at, bytes);
    const view = new Float32Array(this.buffer, at, n);
    // A freed block keeps its old values; a new tensor's storage starts as zeros, like a new array.
    view.fill(0);
    this.registry.register(view, at, view);
    return view;
  }

  /**
   * Frees `view`'s block now instead of when it is collected; the caller promises nothing reads or
   * writes `view` (or a subarray of it) any more. False, and nothing freed, for a view this heap did
   * not hand out or already freed.
   */
  release(view: Float32Array): boolean {
    if (view.buffer !== this.buffer || !this.registry.unregister(view)) return false;
    this.freeBlock(view.byteOffset);
    return true;
  }

  /** Whether `x` lies in this heap's memory (a view from alloc, or a subarray of one). */
  holds(x: ArrayBufferView): boolean {
    return x.buffer === this.buffer;
  }

  /** Bytes handed out and not yet freed (for tests and the bench). */
  get usedBytes(): number {
    let s = 0;
    for (const b of this.used.values()) s += b;
    return s;
  }

  /** Bytes in free blocks; `largestFree` is the biggest single allocation that would succeed now. */
  get freeBytes(): number {
    return this.free.reduce((s, b) => s + b.bytes, 0);
  }

  get largestFree(): number {
    return this.free.reduce((m, b) => Math.max(m, b.bytes), 0);
  }

  /** Free blocks (after coalescing, so a fully freed heap has one). */
  get freeBlocks(): number {
    return this.free.length;
  }

  private freeBlock(at: number): void {
    const bytes = this.used.get(at);
    if (bytes === undefined) return;
    this.used.delete(at);
    // The first free block after `at`, by binary search; merge with it and with the one before.
    let lo = 0;
    let hi = this.free.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.free[mid]!.at < at) lo = mid + 1;
      else hi = mid;
    }
    const prev = lo > 0 ? this.free[lo - 1]! : undefined;
    const next = lo < this.free.length ? this.free[lo]! : undefined;
    const joinsPrev = prev !== undefined && prev.at + prev.bytes === at;
    const joinsNext = next !== undefined && at + bytes === next.at;
    if (joinsPrev && joinsNext) {
      prev.bytes += bytes + next.bytes;
      this.free.splice(lo, 1);
    } else if (joinsPrev) {
      prev.bytes += bytes;
    } else if (joinsNext) {
      next.at = at;
      next.bytes += bytes;
    } else {
      this.free.splice(lo, 0, { at, bytes });
    }
  }
}
