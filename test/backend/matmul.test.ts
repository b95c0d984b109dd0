// The CPU matmul kernel against a naive triple loop written here: shapes thinner than, equal to and
// larger than its tiles and blocks, every transpose combination, accumulate, batches, both dtypes.
import { describe, expect, it } from 'vitest';
import type { Buf, MatmulOptions } from '../../src/backend/backend.js';
import { matmul } from '../../src/backend/cpu/matmul.js';
import { InternalError } from '../../src/errors.js';
import { Rng } from '../../src/tensor/rng.js';

type Dims = readonly [m: number, k: number, n: number];

/** The oracle: sequential float64 sums, plus the sum of |terms| each output's error bound scales with. */
function naive(
  a: Buf, b: Buf, m: number, k: number, n: number, { transA, transB }: MatmulOptions, batch = 1,
): { value: Float64Array; magnitude: Float64Array } {
  const value = new Float64Array(batch * m * n);
  const magnitude = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const x = transA ? a[t * m * k + p * m + i]! : a[t * m * k + i * k + p]!;
          const y = transB ? b[t * k * n + j * k + p]! : b[t * k * n + p * n + j]!;
          s += x * y;
          abs += Math.abs(x * y);
        }
        value[t * m * n + i * n + j] = s;
        magnitude[t * m * n + i * n + j] = abs;
      }
    }
  }
  return { value, magnitude };
}

function random(length: number, rng: Rng, dtype: 'float32' | 'float64'): Buf {
  const x = dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  for (let i = 0; i < length; i++) x[i] = rng.uniformIn(-1, 1);
  return x;
}

/**
 * |got - want| <= k * eps * sum|a_ip b_pj| (+ the initial value's rounding when accumulating): the
 * classic bound for a k-term dot product; float32 storage rounding is within it.
 */
function expectClose(got: Buf, want: Float64Array, magnitude: Float64Array, k: number, eps: number, at: string) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = (k + 2) * eps * (magnitude[i]! + Math.abs(want[i]!)) + Number.MIN_VALUE;
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) {
      expect.fail(`${at}: element ${i} is ${got[i]}, expected ${want[i]} (tolerance ${tol})`);
    }
  }
}

const EPS = { float32: 2 ** -23, float64: 2 ** -52 } as const;
const TRANSPOSES: readonly MatmulOptions[] = [
  { transA: false, transB: false },
  { transA: true, transB: false },
  { transA: false, transB: true },
  { transA: true, transB: true },
];
const label = (o: MatmulOptions) => `${o.transA ? 'T' : 'N'}${o.transB ? 'T' : 'N'}`;

// The kernel tiles 4 x 8 and blocks 64 rows x 256 deep x 2048 columns; these straddle every edge.
const SHAPES: readonly Dims[] = [
  [1, 1, 1], [1, 9, 1], [1, 17, 12], [12, 17, 1], [3, 5, 7], [7, 13, 5], [5, 13, 7], [4, 8, 8],
  [9, 1, 11], [13, 31, 17], [67, 300, 70], [65, 257, 9], [5, 3, 2100],
];

function check(dims: Dims, options: MatmulOptions, dtype: 'float32' | 'float64', batch: number, seed: number) {
  const [m, k, n] = dims;
  const rng = new Rng(seed);
  const a = random(batch * m * k, rng, dtype);
  const b = random(batch * k * n, rng, dtype);
  const at = `${m}x${k}x${n} ${label(options)} ${dtype} batch ${batch} seed ${seed}`;
  const want = naive(a, b, m, k, n, options, batch);

  const out = random(batch * m * n, rng, dtype); // garbage that must be overwritten
  matmul(a, b, out, m, k, n, options, batch);
  expectClose(out, want.value, want.magnitude, k, EPS[dtype], at);

  const start = random(batch * m * n, rng, dtype);
  const acc = start.slice();
  matmul(a, b, acc, m, k, n, { ...options, accumulate: true }, batch);
  const sum = want.value.map((v, i) => v + start[i]!);
  expectClose(acc, sum, want.magnitude, k, EPS[dtype], `${at} accumulate`);
}

describe('cpu matmul', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const options of TRANSPOSES) {
      it(`agrees with the naive triple loop, ${label(options)} ${dtype}`, () => {
        SHAPES.forEach((dims, s) => check(dims, options, dtype, 1, 1000 + s));
      });
    }
    it(`runs batched products independently, ${dtype}`, () => {
      for (const options of TRANSPOSES) {
        check([5, 9, 10], options, dtype, 3, 7);
        check([2, 3, 4], options, dtype, 4, 8);
      }
    });
  }

  it('float64 is exact to float64 rounding: equal to the sequential sum for k within one block', () => {
    // A float32 scratch anywhere in the float64 path would be off by ~1e-8 here.
    const rng = new Rng(3);
    const [m, k, n] = [9, 200, 11];
    const a = random(m * k, rng, 'float64');
    const b = random(k * n, rng, 'float64');
    const out = new Float64Array(m * n);
    matmul(a, b, out, m, k, n, { transA: false, transB: false });
    expect(Array.from(out)).toEqual(Array.from(naive(a, b, m, k, n, { transA: false, transB: false }).value));
  });

  it('k = 0 gives zeros, or leaves out unchanged when accumulating', () => {
    for (const options of TRANSPOSES) {
      for (const [m, n] of [[3, 5], [6, 9]] as const) {
        const out = new Float64Array(m * n + 2).fill(7);
        matmul(new Float64Array(0), new Float64Array(0), out, m, 0, n, options);
        expect(Array.from(out)).toEqual([...new Array<number>(m * n).fill(0), 7, 7]);
        const kept = new Float32Array(m * n).fill(7);
        matmul(new Float32Array(0), new Float32Array(0), kept, m, 0, n, { ...options, accumulate: true }, 1);
        expect(Array.from(kept)).toEqual(new Array<number>(m * n).fill(7));
      }
    }
    const batched = new Float64Array(2 * 2 * 3).fill(1);
    matmul(new Float64Array(0), new Float64Array(0), batched, 2, 0, 3, TRANSPOSES[0]!, 2);
    expect(Array.from(batched)).toEqual(new Array<number>(12).fill(0));
  });

  it('m = 0 or n = 0 writes nothing', () => {
    const out = new Float64Array(4).fill(5);
    matmul(new Float64Array(0), new Float64Array(12), out, 0, 3, 4, TRANSPOSES[0]!);
    matmul(new Float64Array(12), new Float64Array(0), out, 4, 3, 0, TRANSPOSES[1]!);
    expect(Array.from(out)).toEqual([5, 5, 5, 5]);
  });

  it('propagates NaN and Inf like the triple loop, and padding never leaks into edge tiles', () => {
    for (const [m, k, n] of [[6, 5, 10], [2, 5, 3]] as const) {
      for (const options of TRANSPOSES) {
        const rng = new Rng(11);
        const a = random(m * k, rng, 'float64');
        const b = random(k * n, rng, 'float64');
        a[1] = NaN;
        b[2] = Infinity;
        b[k * n - 1] = -Infinity;
        const out = new Float64Array(m * n);
        matmul(a, b, out, m, k, n, options);
        const want = naive(a, b, m, k, n, options).value;
        for (let i = 0; i < want.length; i++) {
          if (Number.isNaN(want[i]!)) expect(out[i]).toBeNaN();
          else expect(out[i]).toBeCloseTo(want[i]!, 12);
        }
      }
    }
  });

  it('known product by hand: [[1,2],[3,4]] @ [[5,6],[7,8]] = [[19,22],[43,50]], also via transposes', () => {
    const out = new Float32Array(4);
    matmul(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), out, 2, 2, 2, TRANSPOSES[0]!);
    expect(Array.from(out)).toEqual([19, 22, 43, 50]);
    // A^T stored as [[1,3],[2,4]], B^T stored as [[5,7],[6,8]].
    matmul(Float32Array.of(1, 3, 2, 4), Float32Array.of(5, 7, 6, 8), out, 2, 2, 2, TRANSPOSES[3]!);
    expect(Array.from(out)).toEqual([19, 22, 43, 50]);
  });

  it('rejects buffers too short for the stated dimensions (an internal invariant)', () => {
    expect(() => matmul(new Float64Array(5), new Float64Array(6), new Float64Array(4), 2, 3, 2, TRANSPOSES[0]!))
      .toThrow(InternalError);
    expect(() => matmul(new Float64Array(6), new Float64Array(6), new Float64Array(4), 2, 3, 2, TRANSPOSES[0]!, 2))
      .toThrow(InternalError);
  });
});
