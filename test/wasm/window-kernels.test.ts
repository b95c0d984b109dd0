// The wasm window kernels (src/backend/wasm/window-kernels.ts) at the sizes W4 trains at: the patch
// matrix of a 3x3, pad-1 convolution over 128x32x28x28 and its adjoint, and the 2x2 max pool over the
// same input, against the float64 definitions of test/helpers/window-reference.ts, with the operands
// both in the module's memory and outside it; then the fallbacks (operands too big for the scratch,
// float64) and the max pool's NaN rule, against values written out here.
// (test/wasm/conformance.test.ts runs every window kernel over many small geometries on every build.)
import { afterAll, describe, expect, it } from 'vitest';
import type { Buf, Window2d } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { loadWasmBackend, type WasmBackend } from '../../src/backend/wasm/index.js';
import { col2imRef, im2colRef, maxPoolBackwardRef, maxPoolRef, sizes, window2d } from '../helpers/window-reference.js';

const U = 2 ** -24;
const CONV = window2d({ n: 128, c: 32, h: 28, w: 28, kh: 3, kw: 3, ph: 1, pw: 1 });
const POOL = window2d({ n: 128, c: 32, h: 28, w: 28, kh: 2, kw: 2, sh: 2, sw: 2 });

/** Deterministic values in (-3, 3); on a grid of halves when `tied`, so pooling windows hold exact ties. */
function fill(x: Float32Array, seed: number, tied = false): Float32Array {
  for (let i = 0; i < x.length; i++) {
    const v = 3 * Math.sin(seed * 12.9898 + i * 0.731 + (i % 9973) * (i % 9973) * 1e-4);
    x[i] = tied ? Math.round(v * 2) / 2 : v;
  }
  return x;
}

/** Fails at the first element where |got - want| > atol (one expect for millions of elements). */
function close(where: string, got: ArrayLike<number>, want: ArrayLike<number>, atol: number): void {
  expect(got.length, `${where}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= atol)) expect.fail(`${where} [${i}]: got ${got[i]}, want ${want[i]}`);
  }
}

/** Float32 arrays of the test: views of the module's memory (resident) or plain arrays. */
function arrays(be: WasmBackend, resident: boolean) {
  const made: Float32Array[] = [];
  return {
    make(n: number): Float32Array {
      const x = resident ? be.alloc!('float32', n) as Float32Array | null : new Float32Array(n);
      expect(x, `room for ${n} floats in the heap`).not.toBeNull();
      made.push(x!);
      return x!;
    },
    // The heap frees blocks when their views are collected; these are big, so free them now.
    release(): void { for (const x of made.splice(0)) if (resident) be.heap.release(x); },
  };
}

/** Arrays the arena copied in or out while `fn` ran: 0 on cpuBackend, which never uses it. */
function copies(be: WasmBackend, fn: () => void): number {
  const before = be.arena.copiesIn + be.arena.copiesOut;
  fn();
  return be.arena.copiesIn + be.arena.copiesOut - before;
}

describe('wasm window kernels at W4\'s sizes', () => {
  // 640 MiB: a quarter of it is the scratch, where the patch matrix (116 MB) and x (13 MB) must fit
  // together when they are not resident.
  const loaded = loadWasmBackend({ memoryMiB: 640 });
  afterAll(async () => (await loaded).dispose());
  let cols: Float64Array | null = null;
  let dx: Float64Array | null = null;
  let pooled: ReturnType<typeof maxPoolRef> | null = null;

  for (const resident of [false, true]) {
    const where = resident ? 'in the module\'s memory' : 'outside it';

    it(`im2col and col2im of a 3x3 pad-1 convolution over 128x32x28x28, operands ${where}`, async () => {
      const be = await loaded;
      const a = arrays(be, resident);
      const x = fill(a.make(sizes(CONV).x), 1);
      const out = a.make(sizes(CONV).cols).fill(7);
      expect(copies(be, () => be.im2col(x, CONV, out))).toBe(resident ? 0 : 2);
      cols ??= im2colRef(x, CONV);
      close('im2col', out, cols, 0);
      const grad = fill(out, 2);
      const back = a.make(sizes(CONV).x).fill(7);
      expect(copies(be, () => be.col2im(grad, CONV, back))).toBe(resident ? 0 : 2);
      dx ??= col2imRef(grad, CONV);
      // Up to 9 float32 terms per input value, each of magnitude < 3: 8 roundings of partial sums < 27.
      close('col2im', back, dx, 8 * 27 * U);
      a.release();
    });

    it(`maxPool2d 2 and its gradient over 128x32x28x28, operands ${where}`, async () => {
      const be = await loaded;
      const a = arrays(be, resident);
      const x = fill(a.make(sizes(POOL).x), 3, true);
      const y = a.make(sizes(POOL).y).fill(7);
      const argmax = new Int32Array(sizes(POOL).y).fill(-7);
      // argmax is an Int32Array, never resident: it is copied out of the module either way.
      expect(copies(be, () => be.maxPool2d(x, POOL, y, argmax))).toBe(resident ? 1 : 3);
      pooled ??= maxPoolRef(x, POOL);
      close('maxPool2d', y, pooled.y, 0);
      expect(argmax.every((v, k) => v === pooled!.argmax[k]), 'argmax: the first max of each window').toBe(true);
      const gy = fill(a.make(sizes(POOL).y), 4);
      const back = a.make(sizes(POOL).x).fill(7);
      expect(copies(be, () => be.maxPool2dBackward(gy, argmax, back))).toBe(resident ? 1 : 3);
      // 2x2 windows with stride 2 do not overlap: each input gets at most one term, exactly.
      close('maxPool2dBackward', back, maxPoolBackwardRef(gy, argmax, sizes(POOL).x), 0);
      a.release();
    });
  }
});

describe('wasm window kernels, edge cases', () => {
  const loaded = loadWasmBackend({ memoryMiB: 16 });
  afterAll(async () => (await loaded).dispose());

  it('falls back to cpuBackend when plain operands do not fit the scratch, with the same result', async () => {
    const be = await loaded;
    const x = fill(new Float32Array(sizes(CONV).x), 5);
    const got = new Float32Array(sizes(CONV).cols);
    expect(copies(be, () => be.im2col(x, CONV, got))).toBe(0);
    const want = new Float32Array(sizes(CONV).cols);
    cpuBackend.im2col(x, CONV, want);
    expect(got.every((v, i) => Object.is(v, want[i]))).toBe(true);
  });

  it('falls back to cpuBackend for float64', async () => {
    const be = await loaded;
    const g = window2d({ n: 2, c: 3, h: 7, w: 7, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1 });
    const x = Float64Array.from(fill(new Float32Array(sizes(g).x), 6), (v) => v / 3);
    const y = new Float64Array(sizes(g).y), argmax = new Int32Array(sizes(g).y);
    const dx = new Float64Array(sizes(g).x);
    expect(copies(be, () => {
      be.maxPool2d(x, g, y, argmax);
      be.avgPool2dBackward(y, g, dx);
    })).toBe(0);
    const want = maxPoolRef(x, g);
    close('float64 maxPool2d', y, want.y, 0);
    expect(Array.from(argmax)).toEqual(Array.from(want.argmax));
  });

  it('lets a NaN win a max-pool window and keeps the first of equal maxima, four outputs at a time or one', async () => {
    const be = await loaded;
    const pool = (g: Window2d, values: number[]): { y: number[]; argmax: number[] } => {
      const y: Buf = new Float32Array(g.oh * g.ow), argmax = new Int32Array(g.oh * g.ow);
      expect(copies(be, () => be.maxPool2d(Float32Array.from(values), g, y, argmax))).toBe(3);
      return { y: Array.from(y), argmax: Array.from(argmax) };
    };
    // 2x2 stride 2 over 2x10: windows (row-major) [1, NaN, 3, NaN] -> NaN at 1; [2, 5, 5, 0] -> 5 at 3;
    // [4, 4, 4, 4] -> 4 at 4; [NaN, 1, 2, NaN] -> NaN at 6; [7, 7, 7, 8] -> 8 at 19.
    expect(pool(window2d({ n: 1, c: 1, h: 2, w: 10, kh: 2, kw: 2, sh: 2, sw: 2 }),
      [1, NaN, 2, 5, 4, 4, NaN, 1, 7, 7, 3, NaN, 5, 0, 4, 4, 2, NaN, 7, 8]))
      .toEqual({ y: [NaN, 5, 4, NaN, 8], argmax: [1, 3, 4, 6, 19] });
    // 1x2 stride 1 over 1x7: [1, 1] -> 1 at 0; [1, NaN] -> NaN at 2; [NaN, 2] -> NaN at 2; [2, 2] -> 2 at 3;
    // [2, 3] -> 3 at 5; [3, 0] -> 3 at 5.
    expect(pool(window2d({ n: 1, c: 1, h: 1, w: 7, kh: 1, kw: 2 }), [1, 1, NaN, 2, 2, 3, 0]))
      .toEqual({ y: [1, NaN, NaN, 2, 3, 3], argmax: [0, 2, 2, 3, 5, 5] });
  });
});
