// The heap of resident buffers on its own, over a plain ArrayBuffer: alignment, zero-fill on reuse,
// first-fit with coalescing, explicit release, and null when full.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/backend/wasm/heap.js';

describe('Heap', () => {
  it('hands out 16-byte-aligned, zero-filled, disjoint views of its range of the buffer', () => {
    const buffer = new ArrayBuffer(4096);
    const heap = new Heap(buffer, 100, 4000);
    const a = heap.alloc(3)!;
    const b = heap.alloc(5)!;
    expect(a.buffer).toBe(buffer);
    // The range starts at 100 rounded up to 16, and 3 floats take one 16-byte block.
    expect(a.byteOffset).toBe(112);
    expect(b.byteOffset).toBe(128);
    expect(a.length).toBe(3);
    a.fill(7);
    heap.release(a);
    const c = heap.alloc(2)!;
    expect(c.byteOffset).toBe(112);
    expect(Array.from(c)).toEqual([0, 0]);
  });

  it('returns null once no free block is big enough, and has room again after a release', () => {
    const heap = new Heap(new ArrayBuffer(1024), 0, 1024);
    const big = heap.alloc(200)!; // 800 bytes
    expect(heap.alloc(100)).toBeNull(); // 400 > 224 left
    expect(heap.release(big)).toBe(true);
    expect(heap.alloc(100)).not.toBeNull();
  });

  it('refuses to release a view twice, a subarray, or a view of another buffer', () => {
    const heap = new Heap(new ArrayBuffer(1024), 0, 1024);
    const a = heap.alloc(16)!;
    expect(heap.release(a.subarray(4))).toBe(false);
    expect(heap.release(new Float32Array(16))).toBe(false);
    expect(heap.release(a)).toBe(true);
    expect(heap.release(a)).toBe(false);
    expect(heap.usedBytes).toBe(0);
  });

  it('coalesces freed neighbours, so a fully freed heap is one block again, in any release order', () => {
    const size = 64 * 1024;
    const heap = new Heap(new ArrayBuffer(size), 0, size);
    for (const order of [[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0], [1, 3, 5, 0, 2, 4], [2, 0, 4, 1, 5, 3]]) {
      const views = [10, 300, 4, 1000, 17, 64].map((n) => heap.alloc(n)!);
      for (const i of order) expect(heap.release(views[i]!)).toBe(true);
      expect(heap.freeBlocks).toBe(1);
      expect(heap.largestFree).toBe(size);
    }
  });

  it('serves ten thousand allocations of varied sizes from a heap a hundredth of their total, reusing freed blocks', () => {
    const size = 256 * 1024;
    const heap = new Heap(new ArrayBuffer(size), 0, size);
    let total = 0;
    const live: Float32Array[] = [];
    for (let i = 0; i < 10_000; i++) {
      const n = 1 + ((i * 7919) % 3000);
      const v = heap.alloc(n);
      expect(v, `allocation ${i} of ${n} floats`).not.toBeNull();
      expect(v![0]).toBe(0);
      v!.fill(i);
      total += n * 4;
      live.push(v!);
      // Keep up to eight alive, releasing the oldest: the live set stays far below the heap's size.
      if (live.length > 8) heap.release(live.shift()!);
    }
    expect(total).toBeGreaterThan(100 * size);
    for (const v of live) heap.release(v);
    expect(heap.freeBlocks).toBe(1);
  });
});
