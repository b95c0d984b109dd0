// The native window kernels (im2col, col2im, max / average pool and their adjoints) against the
// float64 definitions in test/helpers/window-reference.ts, at every SIMD level here and on 1 and 2
// threads; bitwise-equal results on 1 and 2 threads for sizes large enough to be split (W4's shapes
// among them); the argument checks; float64 staying on the TypeScript kernels.
import { describe, expect, it } from 'vitest';
import type { Backend, Window2d } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import type { NativeKernels } from '../../src/backend/native/addon.js';
import { nativeWindows } from '../../src/backend/native/windows.js';
import {
  avgPoolBackwardRef, avgPoolRef, col2imRef, CONV_WINDOWS, im2colRef, maxPoolBackwardRef, maxPoolRef, POOL_WINDOWS,
  sizes, window2d,
} from '../helpers/window-reference.js';
import { backendFor, configs, describeMismatch, firstMismatch, randomF32, skipReason, supportedLevels } from './helpers.js';

const U = 2 ** -24;
const inCi = process.env['CI'] === 'true';
const label = (g: Window2d): string => JSON.stringify(g);

function check(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  const i = firstMismatch(got, want, rtol, atol);
  expect(i, `${what}: ${describeMismatch(i, got, want)}`).toBe(-1);
}

/** Values in {-2, -1.5, ..., 2}: many equal values in every window, so the tie rule decides argmax. */
const tied = (n: number, seed: number): Float32Array => randomF32(n, seed, -2, 2).map((v) => Math.round(v * 2) / 2);

/** Windows large enough that the kernels split them over 2 threads (kMinSplitWork in native/src/windows_common.h:
 *  2^18 floats touched). */
const SPLIT_CONV: readonly Window2d[] = [
  window2d({ n: 24, c: 6, h: 30, w: 29, kh: 3, kw: 2, sh: 2, sw: 1, ph: 1, pw: 1, dh: 2, dw: 1 }),
  window2d({ n: 10, c: 7, h: 17, w: 16, kh: 4, kw: 4, extra: true, ph: 1, pw: 1 }),
  window2d({ n: 128, c: 32, h: 14, w: 14, kh: 3, kw: 3, ph: 1, pw: 1 }), // W4's second convolution
];
const SPLIT_POOL: readonly Window2d[] = [
  window2d({ n: 36, c: 9, h: 31, w: 30, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1 }),
  window2d({ n: 48, c: 8, h: 25, w: 27, kh: 3, kw: 2, sh: 1, sw: 3, ph: 1, pw: 0 }),
  window2d({ n: 128, c: 32, h: 28, w: 28, kh: 2, kw: 2, sh: 2, sw: 2 }), // W4's first pool
];

/** Every kernel's outputs on `be` for window g (seeded inputs), for comparing backends bit for bit. */
function outputsConv(be: Backend, g: Window2d): Float32Array[] {
  const cols = new Float32Array(sizes(g).cols);
  be.im2col(randomF32(sizes(g).x, 1), g, cols);
  const dx = new Float32Array(sizes(g).x);
  be.col2im(randomF32(sizes(g).cols, 2), g, dx);
  return [cols, dx];
}
function outputsPool(be: Backend, g: Window2d): (Float32Array | Int32Array)[] {
  const x = tied(sizes(g).x, 3), gy = randomF32(sizes(g).y, 4);
  const y = new Float32Array(sizes(g).y), argmax = new Int32Array(sizes(g).y);
  be.maxPool2d(x, g, y, argmax);
  const dxMax = new Float32Array(sizes(g).x);
  be.maxPool2dBackward(gy, argmax, dxMax);
  const yAvg = new Float32Array(sizes(g).y), dxAvg = new Float32Array(sizes(g).x);
  be.avgPool2d(x, g, yAvg);
  be.avgPool2dBackward(gy, g, dxAvg);
  return [y, argmax, dxMax, yAvg, dxAvg];
}
const sameBits = (a: Float32Array | Int32Array, b: Float32Array | Int32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('the native window kernels need the addon', () => {
  it.runIf(inCi || skipReason === null)('the addon is built and loads (required under CI=true)', () => {
    expect(skipReason).toBeNull();
  });
});

describe.skipIf(skipReason !== null)(`native window kernels${skipReason === null ? '' : ` (skipped: ${skipReason})`}`, () => {
  describe.each(configs)('$simd, $threads thread(s)', ({ simd, threads }) => {
    const be: Backend = backendFor(simd, threads);

    it('im2col equals the definition exactly (stride, padding, dilation, 1x1, an extra pad after)', () => {
      for (const g of [...CONV_WINDOWS, ...SPLIT_CONV.slice(0, 2)]) {
        const x = randomF32(sizes(g).x, 11);
        const cols = new Float32Array(sizes(g).cols).fill(7);
        be.im2col(x, g, cols);
        check(cols, im2colRef(x, g), 0, 0, `im2col ${label(g)}`);
      }
    });

    it('col2im matches its float64 definition (up to kh kw float32 adds per element)', () => {
      for (const g of [...CONV_WINDOWS, ...SPLIT_CONV.slice(0, 2)]) {
        const cols = randomF32(sizes(g).cols, 12);
        const dx = new Float32Array(sizes(g).x).fill(7);
        be.col2im(cols, g, dx);
        check(dx, col2imRef(cols, g), 0, g.kh * g.kw * 2 * U * g.kh * g.kw, `col2im ${label(g)}`);
      }
    });

    it('maxPool2d gives the max and the first maximal index in row-major window order (tied values)', () => {
      for (const g of [...POOL_WINDOWS, ...SPLIT_POOL.slice(0, 2)]) {
        const x = tied(sizes(g).x, 13);
        const y = new Float32Array(sizes(g).y), argmax = new Int32Array(sizes(g).y).fill(-7);
        be.maxPool2d(x, g, y, argmax);
        const want = maxPoolRef(x, g);
        check(y, want.y, 0, 0, `maxPool2d ${label(g)}`);
        expect(Array.from(argmax), `maxPool2d argmax ${label(g)}`).toEqual(Array.from(want.argmax));
      }
    });

    it('maxPool2d: the first NaN of a window wins over numbers and over later NaNs', () => {
      // One 1x1x2x4 input, 2x2 windows: [1, NaN, 5, 6 / NaN, 3, 2, 9] gives NaN at 1, then 9 at 7.
      const g = window2d({ n: 1, c: 1, h: 2, w: 4, kh: 2, kw: 2, sh: 2, sw: 2 });
      const x = Float32Array.from([1, NaN, 5, 6, NaN, 3, 2, 9]);
      const y = new Float32Array(2), argmax = new Int32Array(2);
      be.maxPool2d(x, g, y, argmax);
      expect(Number.isNaN(y[0])).toBe(true);
      expect(y[1]).toBe(9);
      expect(Array.from(argmax)).toEqual([1, 7]);
    });

    it('maxPool2dBackward adds gy at argmax (overlapping windows add up)', () => {
      for (const g of [...POOL_WINDOWS, ...SPLIT_POOL.slice(0, 2)]) {
        const { argmax } = maxPoolRef(tied(sizes(g).x, 14), g);
        const gy = randomF32(sizes(g).y, 15);
        const dx = new Float32Array(sizes(g).x).fill(7);
        be.maxPool2dBackward(gy, argmax, dx);
        check(dx, maxPoolBackwardRef(gy, argmax, sizes(g).x), 0, g.kh * g.kw * 2 * U, `maxPool2dBackward ${label(g)}`);
      }
    });

    it('avgPool2d is the window sum over kh kw, padding counted as zeros', () => {
      for (const g of [...POOL_WINDOWS, ...SPLIT_POOL.slice(0, 2)]) {
        const x = randomF32(sizes(g).x, 16);
        const y = new Float32Array(sizes(g).y).fill(7);
        be.avgPool2d(x, g, y);
        check(y, avgPoolRef(x, g), 2 * U, 1e-12, `avgPool2d ${label(g)}`);
      }
    });

    it('avgPool2dBackward spreads gy / (kh kw) over each window', () => {
      for (const g of [...POOL_WINDOWS, ...SPLIT_POOL.slice(0, 2)]) {
        const gy = randomF32(sizes(g).y, 17);
        const dx = new Float32Array(sizes(g).x).fill(7);
        be.avgPool2dBackward(gy, g, dx);
        check(dx, avgPoolBackwardRef(gy, g), 0, g.kh * g.kw * 2 * U, `avgPool2dBackward ${label(g)}`);
      }
    });
  });

  describe.each(supportedLevels.map((simd) => ({ simd })))('$simd: 1 and 2 threads agree bit for bit', ({ simd }) => {
    it.each(SPLIT_CONV.map((g) => [label(g), g] as const))('im2col and col2im at %s', (_name, g) => {
      const one = outputsConv(backendFor(simd, 1), g), two = outputsConv(backendFor(simd, 2), g);
      one.forEach((a, i) => expect(sameBits(a, two[i]!), `output ${i}`).toBe(true));
    });

    it.each(SPLIT_POOL.map((g) => [label(g), g] as const))('the pools and their adjoints at %s', (_name, g) => {
      const one = outputsPool(backendFor(simd, 1), g), two = outputsPool(backendFor(simd, 2), g);
      one.forEach((a, i) => expect(sameBits(a, two[i]!), `output ${i}`).toBe(true));
    });
  });

  // Not a definition but an independent implementation: same operations in the same order per element,
  // so switching a model between the two backends does not change these kernels' results.
  it.each(supportedLevels)('%s, 2 threads: equals the TypeScript float32 kernels bit for bit', (simd) => {
    const be = backendFor(simd, 2);
    for (const g of [...CONV_WINDOWS, ...SPLIT_CONV]) {
      const want = outputsConv(cpuBackend, g);
      outputsConv(be, g).forEach((a, i) => expect(sameBits(a, want[i]!), `${label(g)} output ${i}`).toBe(true));
    }
    for (const g of [...POOL_WINDOWS, ...SPLIT_POOL]) {
      const want = outputsPool(cpuBackend, g);
      outputsPool(be, g).forEach((a, i) => expect(sameBits(a, want[i]!), `${label(g)} output ${i}`).toBe(true));
    }
  });

  describe('argument checks', () => {
    const be = backendFor(supportedLevels[0]!, 2);
    const g = window2d({ n: 2, c: 3, h: 7, w: 7, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1 });
    const x = randomF32(sizes(g).x, 21);

    it('a buffer one element short or long throws, naming it and both lengths', () => {
      for (const delta of [-1, 1]) {
        expect(() => be.im2col(x, g, new Float32Array(sizes(g).cols + delta)))
          .toThrow(new RegExp(`im2col: cols has ${sizes(g).cols + delta} elements, expected ${sizes(g).cols}`));
        expect(() => be.col2im(new Float32Array(sizes(g).cols), g, new Float32Array(sizes(g).x + delta))).toThrow(/col2im: dx has/);
        expect(() => be.maxPool2d(x, g, new Float32Array(sizes(g).y), new Int32Array(sizes(g).y + delta))).toThrow(/maxPool2d: argmax has/);
        expect(() => be.avgPool2d(x, g, new Float32Array(sizes(g).y + delta))).toThrow(/avgPool2d: y has/);
        expect(() => be.avgPool2dBackward(new Float32Array(sizes(g).y + delta), g, new Float32Array(sizes(g).x))).toThrow(/avgPool2dBackward: gy has/);
        expect(() => be.maxPool2dBackward(new Float32Array(sizes(g).y + delta), new Int32Array(sizes(g).y), new Float32Array(sizes(g).x)))
          .toThrow(/maxPool2dBackward: gy has/);
      }
      expect(() => be.avgPool2d(x.subarray(1), g, new Float32Array(sizes(g).y))).toThrow(/avgPool2d: x has/);
    });

    it('an output size the window does not give, a fraction or a negative pad throws, naming the field', () => {
      const cols = new Float32Array(sizes(g).cols);
      expect(() => be.im2col(x, { ...g, oh: g.oh + 1 }, cols)).toThrow(/geom.oh is 5 but the window gives 4/);
      expect(() => be.im2col(x, { ...g, kw: 2.5 }, cols)).toThrow(/geom.kw is 2.5/);
      expect(() => be.im2col(x, { ...g, ph: -1 }, cols)).toThrow(/geom.ph is -1/);
      expect(() => be.im2col(x, { ...g, sh: 0 }, cols)).toThrow(/geom.sh is 0/);
      // A pool never pads more after than before, never pads over half its window, and has dilation 1.
      const y = new Float32Array(sizes(g).y);
      const taller = window2d({ n: 2, c: 3, h: 7, w: 7, kh: 2, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1, extra: true });
      expect(() => be.avgPool2d(x, taller, new Float32Array(sizes(taller).y))).toThrow(/geom.oh is/);
      expect(() => be.maxPool2d(x, { ...g, ph: 2, oh: 5 }, new Float32Array(2 * 3 * 5 * 4), new Int32Array(2 * 3 * 5 * 4)))
        .toThrow(/at most half its window/);
      expect(() => be.avgPool2d(x, { ...g, dh: 2, oh: 3 }, new Float32Array(2 * 3 * 3 * 4))).toThrow(/dh and geom.dw must be 1/);
      expect(() => be.avgPool2d(x, { ...g, oh: 3 }, y)).toThrow(/geom.oh is 3/);
    });

    it('an argmax index outside dx throws before dx is written', () => {
      const gy = randomF32(4, 22);
      for (const bad of [-1, 10]) {
        const dx = new Float32Array(10).fill(7);
        expect(() => be.maxPool2dBackward(gy, Int32Array.from([0, 3, bad, 9]), dx))
          .toThrow(new RegExp(`argmax\\[2\\] is ${bad}, outside dx \\(length 10\\)`));
        expect(Array.from(dx)).toEqual(new Array<number>(10).fill(7));
      }
      // Large enough to be split over threads, the bad index in a later block of the first pass.
      const many = Int32Array.from({ length: 200_000 }, (_, k) => k);
      many[130_001] = 200_000;
      const dx = new Float32Array(200_000).fill(7);
      expect(() => be.maxPool2dBackward(randomF32(200_000, 23), many, dx)).toThrow(/argmax\[130001\] is 200000, outside dx/);
      expect(dx.every((v) => v === 7)).toBe(true);
    });

    it('float64 buffers go to the TypeScript kernels, bit for bit', () => {
      const x64 = Float64Array.from(x);
      const want = new Float64Array(sizes(g).cols), got = new Float64Array(sizes(g).cols);
      cpuBackend.im2col(x64, g, want);
      be.im2col(x64, g, got);
      expect(Array.from(got)).toEqual(Array.from(want));
      const y = new Float64Array(sizes(g).y), yWant = new Float64Array(sizes(g).y);
      const a = new Int32Array(sizes(g).y), aWant = new Int32Array(sizes(g).y);
      be.maxPool2d(x64, g, y, a);
      cpuBackend.maxPool2d(x64, g, yWant, aWant);
      expect([Array.from(y), Array.from(a)]).toEqual([Array.from(yWant), Array.from(aWant)]);
    });
  });
});

describe('nativeWindows on an addon built from older sources', () => {
  it('keeps every window kernel on the TypeScript backend', () => {
    const stale = { info: { simd: 'portable', threads: 1 } } as unknown as NativeKernels;
    const windows = nativeWindows(stale, cpuBackend);
    expect(windows.im2col).toBe(cpuBackend.im2col);
    expect(windows.maxPool2dBackward).toBe(cpuBackend.maxPool2dBackward);
    expect(windows.avgPool2dBackward).toBe(cpuBackend.avgPool2dBackward);
  });
});
