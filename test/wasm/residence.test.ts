// Tensors living in the wasm backend's memory: ops on the wasm backend make float32 tensors that are
// views of the module's memory, and kernels on such (resident) operands copy nothing in or out (the
// product, the fused training-step kernels and relu of src/backend/wasm/kernels.ts); every
// result is checked against a float64 formula written here, on the resident path, when an output
// overlaps an input, when the heap is full and tensors fall back to plain arrays, and on two threads.
import { describe, expect, it } from 'vitest';
import type { Buf } from '../../src/backend/backend.js';
import { loadWasmBackend, type WasmBackend } from '../../src/backend/wasm/index.js';
import { loadWasmBackend as loadWithWorkers } from '../../src/backend/wasm/node/load.js';
import { splitProduct } from '../../src/backend/wasm/threads/split.js';
import { withBackend } from '../../src/context.js';
import { add, matmul, relu } from '../../src/ops/index.js';
import { BufferPool } from '../../src/tensor/buffer-pool.js';
import { full, randn } from '../../src/tensor/create.js';
import { allocBuf } from '../../src/tensor/tensor.js';

const vals = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 0.731));

/** A resident float32 buffer holding `values` (alloc zero-fills it; the values are then written in). */
function resident(be: WasmBackend, values: readonly number[]): Float32Array {
  const buf = be.alloc!('float32', values.length) as Float32Array;
  expect(buf.buffer).toBe(be.memory.buffer);
  buf.set(values);
  return buf;
}

/** C (m x n) = A (m x k) B (k x n) [+ C0] in float64, from the float32 values given. */
function gemmRef(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, c0?: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = c0 === undefined ? 0 : c0[i * n + j]!;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `at ${i}: got ${got[i]}, want ${want[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!)));
  }
}

/** How many arrays the arena copied in and out while `fn` ran. */
function copies(be: WasmBackend, fn: () => void): { in: number; out: number } {
  const [i0, o0] = [be.arena.copiesIn, be.arena.copiesOut];
  fn();
  return { in: be.arena.copiesIn - i0, out: be.arena.copiesOut - o0 };
}

describe('wasm residence', () => {
  const loaded = loadWasmBackend({ relaxed: false, memoryMiB: 16 });

  it('makes the float32 tensors of ops, and their gradients, views of the module memory', async () => {
    const be = await loaded;
    withBackend(be, () => {
      const x = randn([5, 7], { seed: 1, requiresGrad: true });
      const w = randn([7, 3], { seed: 2, requiresGrad: true });
      const y = relu(matmul(x, w));
      const loss = add(y, y).sum();
      loss.backward();
      for (const t of [x, w, y, loss, x.grad!, w.grad!]) expect(t.data.buffer).toBe(be.memory.buffer);
      // float64 is not resident: no wasm kernel takes it.
      expect(randn([3], { seed: 3, dtype: 'float64' }).data.buffer).not.toBe(be.memory.buffer);
    });
  });

  it('runs the product, with accumulate, bias and activation, on resident operands without a copy', async () => {
    const be = await loaded;
    const m = 13, k = 29, n = 11;
    const a = resident(be, vals(m * k, 1)), b = resident(be, vals(k * n, 2)), bias = resident(be, vals(n, 3));
    const c = resident(be, vals(m * n, 4));
    const c0 = Float64Array.from(c);
    const want = gemmRef(a, b, m, k, n, c0).map((v, i) => Math.max(0, v + bias[i % n]!));
    const counted = copies(be, () => be.matmulBiasActivation(a, b, c, m, k, n, { transA: false, transB: false, accumulate: true }, bias, 'relu'));
    expect(counted).toEqual({ in: 0, out: 0 });
    close(c, want);
    const plain = new Float32Array(m * n);
    // The same product into a plain array copies C out (and nothing in).
    expect(copies(be, () => be.matmul(a, b, plain, m, k, n, { transA: false, transB: false }))).toEqual({ in: 0, out: 1 });
    close(plain, gemmRef(a, b, m, k, n));
  });

  it('runs the fused kernels and elementwise kernels on resident operands without a copy', async () => {
    const be = await loaded;
    const rows = 6, cols = 5, n = rows * cols;
    const g = resident(be, vals(n, 5)), y = resident(be, vals(n, 6).map((v) => Math.max(0, v)));
    const gradIn = resident(be, new Array<number>(n).fill(9)), gradBias = resident(be, new Array<number>(cols).fill(9));
    const labels = Int32Array.from({ length: rows }, (_, r) => (r * 3) % cols);
    const logits = resident(be, vals(n, 7)), grad = resident(be, new Array<number>(n).fill(9));
    const p = resident(be, vals(n, 8)), m1 = resident(be, vals(n, 9).map(Math.abs)), v1 = resident(be, vals(n, 10).map(Math.abs));
    const [p0, m0, v0] = [Float64Array.from(p), Float64Array.from(m1), Float64Array.from(v1)];
    const rel = resident(be, new Array<number>(n).fill(9));
    let total = 0;
    const counted = copies(be, () => {
      be.activationBackward(g, y, rows, cols, 'relu', gradIn, gradBias);
      total = be.softmaxCrossEntropy(logits, labels, rows, cols, grad, 0.5);
      be.adamUpdate(p, g, m1, v1, { lr: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0, step: 1, decoupled: false });
      be.relu(g, rel);
    });
    // The labels are the one operand that is not resident (an Int32Array of the caller's).
    expect(counted).toEqual({ in: 1, out: 0 });

    const wantIn = Array.from(g, (gi, i) => (y[i]! > 0 ? gi : 0));
    close(gradIn, wantIn);
    close(gradBias, Array.from({ length: cols }, (_, c) => wantIn.filter((_, i) => i % cols === c).reduce((s, v) => s + v, 0)));
    let wantTotal = 0;
    const wantGrad = new Float64Array(n);
    for (let r = 0; r < rows; r++) {
      const row = Array.from(logits.subarray(r * cols, (r + 1) * cols));
      const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
      wantTotal += lse - row[labels[r]!]!;
      for (let j = 0; j < cols; j++) wantGrad[r * cols + j] = (Math.exp(row[j]! - lse) - (j === labels[r] ? 1 : 0)) * 0.5;
    }
    expect(Math.abs(total - wantTotal)).toBeLessThan(1e-5 * wantTotal);
    close(grad, wantGrad);
    // Adam's first step: m = 0.1 g + 0.9 m0, v = 0.01 g^2 + 0.99 v0, p -= 0.1 (m / 0.1) / (sqrt(v / 0.01) + eps).
    const wantM = Array.from(g, (gi, i) => 0.1 * gi + 0.9 * m0[i]!);
    const wantV = Array.from(g, (gi, i) => 0.01 * gi * gi + 0.99 * v0[i]!);
    close(m1, wantM);
    close(v1, wantV);
    close(p, Array.from(p0, (pi, i) => pi - (0.1 * (wantM[i]! / 0.1)) / (Math.sqrt(wantV[i]! / 0.01) + 1e-8)), 1e-4);
    close(rel, Array.from(g, (gi) => Math.max(0, gi)));
  });

  it('stages an output that overlaps an input, so the result is the one of the operands before the call', async () => {
    const be = await loaded;
    const m = 9, k = 9;
    // C is A itself (k = n): the kernel would read A after writing C.
    const a = resident(be, vals(m * k, 11)), b = resident(be, vals(k * k, 12));
    const a0 = Float64Array.from(a);
    const counted = copies(be, () => be.matmul(a, b, a, m, k, k, { transA: false, transB: false, accumulate: true }));
    expect(counted).toEqual({ in: 1, out: 1 });
    close(a, gemmRef(a0, b, m, k, k, a0));
    // C is B: the same.
    const a2 = resident(be, vals(k * k, 13)), b2 = resident(be, vals(k * k, 14));
    const b20 = Float64Array.from(b2);
    be.matmul(a2, b2, b2, k, k, k, { transA: false, transB: false });
    close(b2, gemmRef(a2, b20, k, k, k));
    // Elementwise: an output that is exactly an input is written in place; one shifted by an element is staged.
    const x = resident(be, vals(33, 15));
    const x0 = Float64Array.from(x);
    expect(copies(be, () => be.relu(x, x))).toEqual({ in: 0, out: 0 });
    close(x, Array.from(x0, (v) => Math.max(0, v)));
    const x1 = Float64Array.from(vals(33, 16));
    x.set(x1);
    const lo = x.subarray(0, 32), hi = x.subarray(1, 33);
    // Written in place, out[i] = x[i + 1] would be read as the input of element i + 1 after element i wrote it.
    expect(copies(be, () => be.relu(lo, hi))).toEqual({ in: 0, out: 1 });
    close(hi, Array.from({ length: 32 }, (_, i) => Math.max(0, x1[i]!)));
    // gradBias overlapping gradIn, which the column sums read back: staged too.
    const rows = 4, cols = 3;
    const g = resident(be, vals(rows * cols, 16)), y = resident(be, vals(rows * cols, 17).map(Math.abs));
    const both = resident(be, new Array<number>(rows * cols + cols).fill(0));
    const gradIn = both.subarray(0, rows * cols), gradBias = both.subarray(rows * cols - 1, rows * cols - 1 + cols);
    be.activationBackward(g, y, rows, cols, 'none', gradIn, gradBias);
    close(gradBias, Array.from({ length: cols }, (_, c) => Array.from({ length: rows }, (_, r) => g[r * cols + c]!).reduce((s, v) => s + v, 0)));
  });

  it('falls back to plain arrays when the heap is full, with the same results', async () => {
    const be = await loadWasmBackend({ relaxed: false, memoryMiB: 1 });
    const hold: Buf[] = [];
    // Fill the heap (about 3/4 of 1 MiB) until it refuses even a single float.
    for (const n of [4096, 64, 1]) {
      for (let buf = be.alloc!('float32', n); buf !== null; buf = be.alloc!('float32', n)) hold.push(buf);
    }
    expect(hold.length).toBeGreaterThan(10);
    withBackend(be, () => {
      const x = randn([17, 23], { seed: 4 });
      const w = randn([23, 19], { seed: 5 });
      expect(x.data.buffer).not.toBe(be.memory.buffer);
      const y = matmul(x, w);
      expect(y.data.buffer).not.toBe(be.memory.buffer);
      close(y.data, gemmRef(x.data, w.data, 17, 23, 19));
      // Too big for the scratch quarter: the TypeScript backend's product, still correct.
      const big = randn([300, 300], { seed: 6 });
      const v = randn([300, 2], { seed: 7 });
      close(matmul(big, v).data, gemmRef(big.data, v.data, 300, 300, 2), 1e-4);
    });
    // A resident operand with a plain one: the plain one is copied in, the resident one is not.
    be.heap.release(hold[0] as Float32Array);
    const a = resident(be, vals(4 * 5, 8)), b = Float32Array.from(vals(5 * 3, 9)), c = new Float32Array(12);
    expect(copies(be, () => be.matmul(a, b, c, 4, 5, 3, { transA: false, transB: false }))).toEqual({ in: 1, out: 1 });
    close(c, gemmRef(a, b, 4, 5, 3));
  });

  it('on two threads (a shared memory), multiplies resident operands in place, as one thread does', async () => {
    const two = await loadWithWorkers({ relaxed: false, threads: 2, memoryMiB: 16 });
    try {
      expect(two.info.threads).toBe(2);
      // Big enough to be split between the threads.
      const m = 128, k = 128, n = 96;
      expect(splitProduct(m, k, n, 2)).not.toBeNull();
      const a = resident(two, vals(m * k, 21)), b = resident(two, vals(k * n, 22)), c = resident(two, vals(m * n, 23));
      const c0 = Float64Array.from(c);
      expect(copies(two, () => two.matmul(a, b, c, m, k, n, { transA: false, transB: false, accumulate: true }))).toEqual({ in: 0, out: 0 });
      close(c, gemmRef(a, b, m, k, n, c0));
    } finally {
      two.dispose();
    }
  });

  it('reuses freed buffers: thousands of tensors through a 1 MiB memory stay resident when released or pooled', async () => {
    const be = await loadWasmBackend({ relaxed: false, memoryMiB: 1 });
    withBackend(be, () => {
      // 1000 x 256 KiB: 250 MiB in all, released one by one.
      for (let i = 0; i < 1000; i++) {
        const t = full([256, 256], i);
        expect(t.data[65535]).toBe(i);
        expect(t.data.buffer).toBe(be.memory.buffer);
        expect(be.heap.release(t.data as Float32Array)).toBe(true);
      }
      // 300 pooled steps of three 16 KiB tensors each: the pool hands the same buffers back every step.
      const pool = new BufferPool();
      const w = randn([64, 64], { seed: 1 });
      let residentSteps = 0;
      for (let s = 0; s < 300; s++) {
        pool.run(() => {
          const y = relu(matmul(randn([64, 64], { seed: s }), w));
          if (y.data.buffer === be.memory.buffer && allocBuf('float32', 4096).buffer === be.memory.buffer) residentSteps++;
        });
        pool.endStep();
      }
      expect(residentSteps).toBe(300);
      expect(pool.allocated).toBeLessThanOrEqual(4);
    });
  });
});
