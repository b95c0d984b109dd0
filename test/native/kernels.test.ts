// The native elementwise maps, broadcast add/sub/mul, sums and softmax rows against the TypeScript
// backend run in float64 on the same float32 inputs; every SIMD level here, 1 and 2 threads, sizes
// large enough to be split across threads, and the special values (NaN, +-inf, -0, denormals).
import { describe, expect, it } from 'vitest';
import type { Backend, Buf, Shape } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { backendFor, configs, describeMismatch, firstMismatch, randomF32, skipReason, toF64 } from './helpers.js';

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-40, 1e-8, 88.7, 89, 100, -87.4, -104, -200, 0.624, 0.626];
const ULP = 2 ** -23;

/** Random values in [-20, 20) of length n with the special values at the front. */
function unaryInput(n: number, seed: number): Float32Array {
  const x = randomF32(n, seed, -20, 20);
  SPECIALS.forEach((v, i) => {
    if (i < n) x[i] = v;
  });
  return x;
}

type UnaryName = 'relu' | 'exp' | 'tanh' | 'sigmoid';
// rtol: Cephes-style polynomials are within 1-2 ulp; atol covers results that FTZ flushes (< 1.2e-38).
const UNARY: [UnaryName, number][] = [['relu', 0], ['exp', 3 * ULP], ['tanh', 4 * ULP], ['sigmoid', 4 * ULP]];

function check(got: Float32Array, want: Float64Array, rtol: number, atol: number, what: string): void {
  const i = firstMismatch(got, want, rtol, atol);
  expect(i, `${what}: ${describeMismatch(i, got, want)}`).toBe(-1);
}

describe.skipIf(skipReason !== null)(`native kernels${skipReason === null ? '' : ` (skipped: ${skipReason})`}`, () => {
  it('has at least one SIMD level to test (portable is always built)', () => {
    expect(configs.map((c) => c.simd)).toContain('portable');
  });

  describe.each(configs)('$simd, $threads thread(s)', ({ simd, threads }) => {
    const backend: Backend = backendFor(simd, threads);

    it.each(UNARY)('%s matches the float64 TypeScript kernel (sizes 0 to 70k, special values)', (name, rtol) => {
      for (const n of [0, 5, 31, 32, 33, 600, 70_001]) {
        const x = unaryInput(n, n + 1);
        const got = new Float32Array(n);
        backend[name](x, got);
        const want = new Float64Array(n);
        cpuBackend[name](toF64(x), want);
        check(got, want, rtol, 1.2e-38, `${name} n=${n}`);
      }
    });

    it('unary kernels may write in place (out === x)', () => {
      const x = unaryInput(1000, 3);
      const want = new Float64Array(1000);
      cpuBackend.tanh(toF64(x), want);
      backend.tanh(x, x);
      check(x, want, 4 * ULP, 1.2e-38, 'tanh in place');
    });

    const binaryCases: [string, Shape, Shape, Shape][] = [
      ['same shape', [300, 7], [300, 7], [300, 7]],
      ['row b (bias add)', [128, 513], [513], [128, 513]],
      ['row b with leading 1', [40, 3, 17], [1, 3, 17], [40, 3, 17]],
      ['row a', [29], [1000, 29], [1000, 29]],
      ['scalar b', [70_001], [1], [70_001]],
      ['scalar a', [1], [600, 2], [600, 2]],
      ['big rows', [300, 400], [400], [300, 400]],
      ['column (TypeScript fallback)', [64, 9], [64, 1], [64, 9]],
    ];
    for (const op of ['add', 'sub', 'mul'] as const) {
      it.each(binaryCases)(`${op}: %s`, (_label, aShape, bShape, outShape) => {
        const size = (s: Shape): number => s.reduce((p, d) => p * d, 1);
        const a = randomF32(size(aShape), 5, -3, 3);
        const b = randomF32(size(bShape), 6, -3, 3);
        const got = new Float32Array(size(outShape));
        backend[op](a, aShape, b, bShape, got, outShape);
        const want = new Float64Array(got.length);
        cpuBackend[op](toF64(a), aShape, toF64(b), bShape, want, outShape);
        check(got, want, ULP, 0, `${op} ${JSON.stringify([aShape, bShape])}`);
      });
    }

    const sumCases: [string, Shape, number[]][] = [
      ['leading axis (bias gradient)', [128, 300], [0]],
      ['two leading axes', [4, 50, 33], [0, 1]],
      ['trailing axis', [300, 257], [1]],
      ['two trailing axes', [7, 40, 40], [1, 2]],
      ['every axis', [70_001], [0]],
      ['every axis of a matrix', [33, 65], [0, 1]],
      ['middle axis (TypeScript fallback)', [5, 6, 7], [1]],
      ['zero rows', [0, 4], [0]],
      ['many rows, one column', [100_000, 1], [0]],
    ];
    it.each(sumCases)('sum over the %s', (_label, shape, axes) => {
      const n = shape.reduce((p, d) => p * d, 1);
      const x = randomF32(n, 8, -2, 2);
      const outLen = shape.reduce((p, d, i) => (axes.includes(i) ? p : p * d), 1);
      const got = new Float32Array(outLen).fill(123);
      backend.sum(x, shape, axes, got);
      const want = new Float64Array(outLen);
      cpuBackend.sum(toF64(x), shape, axes, want);
      const absSum = new Float64Array(outLen);
      cpuBackend.sum(toF64(x).map(Math.abs), shape, axes, absSum);
      for (let i = 0; i < outLen; i++) {
        expect(Math.abs(got[i]! - want[i]!), `${JSON.stringify(shape)} axes ${axes} at ${i}`)
          .toBeLessThanOrEqual(ULP * absSum[i]! + 1e-30);
      }
    });

    const softmaxCases: [number, number][] = [[1, 1], [3, 5], [128, 10], [17, 1000], [0, 4], [4, 0], [40, 2049]];
    for (const which of ['softmax', 'logSoftmax'] as const) {
      it.each(softmaxCases)(`${which} over %i rows of %i`, (rows, cols) => {
        const x = randomF32(rows * cols, rows + cols, -15, 15);
        if (rows >= 3 && cols >= 3) {
          x[0] = 1000; // a large logit must not overflow
          x.fill(-Infinity, cols, 2 * cols); // an all -inf row is NaN, as in the TypeScript kernel
          x[2 * cols + 1] = NaN;
        }
        const got = new Float32Array(rows * cols);
        backend[which](x, rows, cols, got);
        const want = new Float64Array(rows * cols);
        cpuBackend[which](toF64(x), rows, cols, want);
        check(got, want, 4 * ULP, which === 'softmax' ? 1e-9 : 4e-6, `${which} ${rows}x${cols}`);
      });
    }

    it('logSoftmax may write in place (out === x)', () => {
      const x = randomF32(50 * 30, 4, -5, 5);
      const want = new Float64Array(x.length);
      cpuBackend.logSoftmax(toF64(x), 50, 30, want);
      backend.logSoftmax(x, 50, 30, x);
      check(x, want, 4 * ULP, 4e-6, 'logSoftmax in place');
    });

    it('sends float64 and mixed dtypes to the TypeScript backend', () => {
      const out: Buf = new Float64Array(600);
      backend.exp(new Float64Array(600).fill(1), out);
      expect(out[599]).toBe(Math.E);
      const mixed = new Float32Array(600);
      backend.add(new Float32Array(600).fill(1), [600], Float64Array.of(0.5), [1], mixed, [600]);
      expect(mixed[0]).toBe(1.5);
    });
  });
});
