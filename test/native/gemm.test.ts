// The native matmul against the TypeScript backend run in float64 on the same (float32) inputs, for
// every transpose combination, accumulate, batch, edge shapes and the blocking boundaries, on every
// SIMD level this CPU has and with 1 and 2 threads. Error bound: (k + 2) * 2^-23 * sum_p |a_ip b_pj|,
// about twice the worst case of float32 summation over k terms.
import { describe, expect, it } from 'vitest';
import type { MatmulOptions } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import {
  absF64, allLevels, backendFor, configs, randomF32, skipReason, supportedLevels, toF64,
} from './helpers.js';

const FLAGS: MatmulOptions[] = [
  { transA: false, transB: false },
  { transA: false, transB: true },
  { transA: true, transB: false },
  { transA: true, transB: true },
];

// [m, k, n]: vectors, primes, sizes off the tile multiples (MR 4/6/8, NR 8/16/32), zero sizes,
// k across KC blocks (256), m across MC (480), and products big enough to be split over 2 threads.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 33], [33, 7, 1], [5, 1, 9], [0, 4, 5], [4, 0, 5], [4, 5, 0],
  [13, 17, 19], [31, 37, 41], [8, 16, 32], [9, 17, 33], [7, 300, 5], [6, 513, 17],
  [97, 61, 127], [128, 130, 70], [500, 9, 40], [65, 257, 131],
];

interface Case {
  a: Float32Array;
  b: Float32Array;
  init: Float32Array;
  want: Float64Array;
  bound: Float64Array;
}

/** Inputs and the float64 oracle for one product; `bound` is the per-element error allowance. */
function makeCase(m: number, k: number, n: number, flags: MatmulOptions, batch: number, seed: number): Case {
  const a = randomF32(batch * m * k, seed);
  const b = randomF32(batch * k * n, seed + 1);
  const init = randomF32(batch * m * n, seed + 2);
  const want = Float64Array.from(init);
  const absProd = new Float64Array(batch * m * n);
  cpuBackend.matmul(toF64(a), toF64(b), want, m, k, n, { ...flags, accumulate: true }, batch);
  cpuBackend.matmul(absF64(toF64(a)), absF64(toF64(b)), absProd, m, k, n, { ...flags, accumulate: false }, batch);
  const unit = 2 ** -23;
  const bound = absProd.map((s, i) => (k + 2) * unit * (s + Math.abs(init[i]!)) + 1e-30);
  return { a, b, init, want, bound };
}

function worstExcess(got: Float32Array, c: Case, accumulate: boolean): number {
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    const want = accumulate ? c.want[i]! : c.want[i]! - c.init[i]!;
    const err = Math.abs(got[i]! - want);
    if (!(err <= c.bound[i]!)) worst = Math.max(worst, Number.isNaN(err) ? Infinity : err / c.bound[i]!);
  }
  return worst;
}

describe.skipIf(skipReason !== null)(`native matmul${skipReason === null ? '' : ` (skipped: ${skipReason})`}`, () => {
  for (const level of allLevels) {
    it.skipIf(!supportedLevels.includes(level))(`${level}: runs here (skipped when this CPU lacks it)`, () => {
      expect(backendFor(level, 1).info.simd).toBe(level);
    });
  }

  describe.each(configs)('$simd, $threads thread(s)', ({ simd, threads }) => {
    const backend = backendFor(simd, threads);
    it.each(SHAPES)('(%i x %i) @ (. x %i): every transpose flag, with and without accumulate', (m, k, n) => {
      FLAGS.forEach((flags, f) => {
        const c = makeCase(m, k, n, flags, 1, m * 1000 + k * 10 + n + f);
        for (const accumulate of [false, true]) {
          const out = Float32Array.from(c.init);
          backend.matmul(c.a, c.b, out, m, k, n, { ...flags, accumulate });
          const excess = worstExcess(out, c, accumulate);
          expect(excess, `transA=${flags.transA} transB=${flags.transB} accumulate=${accumulate}`).toBe(0);
        }
      });
    });

    it('runs batched products back to back (batch 1, 3 and 5, every transpose flag)', () => {
      for (const batch of [1, 3, 5]) {
        FLAGS.forEach((flags, f) => {
          const [m, k, n] = [21, 40, 35];
          const c = makeCase(m, k, n, flags, batch, 77 + batch * 10 + f);
          const out = Float32Array.from(c.init);
          backend.matmul(c.a, c.b, out, m, k, n, flags, batch);
          expect(worstExcess(out, c, false), `batch=${batch} flags=${JSON.stringify(flags)}`).toBe(0);
        });
      }
    });

    it('splits big batched products across threads the same way (batch 2 of 96 x 200 x 120)', () => {
      const flags = FLAGS[1]!;
      const c = makeCase(96, 200, 120, flags, 2, 5);
      const out = Float32Array.from(c.init);
      backend.matmul(c.a, c.b, out, 96, 200, 120, { ...flags, accumulate: true }, 2);
      expect(worstExcess(out, c, true)).toBe(0);
    });

    it('leaves out untouched beyond m x n and reads views at their offsets', () => {
      const base = randomF32(64, 9);
      const a = base.subarray(3, 3 + 6); // 2 x 3
      const b = base.subarray(20, 20 + 12); // 3 x 4
      const out = new Float32Array(10).fill(7);
      backend.matmul(a, b, out.subarray(1, 9), 2, 3, 4, { transA: false, transB: false });
      const want = new Float64Array(8);
      cpuBackend.matmul(toF64(a), toF64(b), want, 2, 3, 4, { transA: false, transB: false });
      expect(out[0]).toBe(7);
      expect(out[9]).toBe(7);
      for (let i = 0; i < 8; i++) expect(Math.abs(out[i + 1]! - want[i]!)).toBeLessThan(1e-5);
    });
  });

  it('gives bitwise identical output run to run with 1 thread, and the same with 2 threads', () => {
    for (const simd of supportedLevels) {
      const [m, k, n] = [67, 300, 90];
      const a = randomF32(m * k, 11);
      const b = randomF32(k * n, 12);
      const run = (threads: number): Float32Array => {
        const out = new Float32Array(m * n);
        backendFor(simd, threads).matmul(a, b, out, m, k, n, { transA: false, transB: true });
        return out;
      };
      const first = run(1);
      expect(run(1), simd).toEqual(first);
      expect(run(2), simd).toEqual(first);
    }
  });

  it('rejects arrays too short for the given sizes instead of reading past them', () => {
    const backend = backendFor(supportedLevels[0]!, 1);
    const a = new Float32Array(5);
    const b = new Float32Array(6);
    const out = new Float32Array(4);
    expect(() => backend.matmul(a, b, out, 2, 3, 2, { transA: false, transB: false })).toThrow(/a has 5 elements/);
  });

  it('sends float64 to the TypeScript backend', () => {
    const backend = backendFor(supportedLevels[0]!, 1);
    const out = new Float64Array(1);
    backend.matmul(Float64Array.of(1, 2), Float64Array.of(3, 4), out, 1, 2, 1, { transA: false, transB: false });
    expect(out[0]).toBe(11);
  });
});
