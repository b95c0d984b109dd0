// maxPool2d and avgPool2d against direct window loops written here (float64), gradcheck in float64
// (max-pool ties are kinks that gradcheck skips), and the documented subgradient at an exact tie:
// the first max in the window's row-major order gets the whole gradient.
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../../src/check/gradcheck.js';
import { ShapeError } from '../../src/errors.js';
import { avgPool2d, maxPool2d, mul, type Pool2dOptions, sum } from '../../src/ops/index.js';
import { randn, tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';

type P = [number, number];
const pair = (v: number | P | undefined, d: P): P => (v === undefined ? d : typeof v === 'number' ? [v, v] : v);

/** Pools by definition: max over in-bounds taps; mean with padding as zeros over kh * kw. */
function reference(x: Tensor, o: Pool2dOptions, kind: 'max' | 'avg'): { shape: number[]; data: number[] } {
  const [N, C, H, W] = x.shape as number[] as [number, number, number, number];
  const [kh, kw] = pair(o.kernel as number | P, [0, 0]);
  const [sh, sw] = pair(o.stride as number | P | undefined, [kh, kw]);
  const [ph, pw] = pair(o.padding as number | P | undefined, [0, 0]);
  const OH = Math.floor((H + 2 * ph - kh) / sh) + 1;
  const OW = Math.floor((W + 2 * pw - kw) / sw) + 1;
  const data: number[] = [];
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) {
    const taps: number[] = [];
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const r = oy * sh + i - ph;
      const q = ox * sw + j - pw;
      if (r >= 0 && r < H && q >= 0 && q < W) taps.push(x.data[((n * C + c) * H + r) * W + q]!);
    }
    data.push(kind === 'max' ? Math.max(...taps) : taps.reduce((a, b) => a + b, 0) / (kh * kw));
  }
  return { shape: [N, C, OH, OW], data };
}

interface Case { name: string; x: number[]; o: Pool2dOptions }
const CASES: Case[] = [
  { name: '2x2, stride 2 (default), one channel, batch 1', x: [1, 1, 4, 6], o: { kernel: 2 } },
  { name: '2x2 on odd 7x5 (last row and column dropped), batch 7, several channels', x: [7, 3, 7, 5], o: { kernel: 2 } },
  { name: '3x3 stride 2 padding 1 (overlapping windows over the border)', x: [2, 2, 9, 7], o: { kernel: 3, stride: 2, padding: 1 } },
  { name: 'non-square 2x3 kernel, stride [1, 2], padding [1, 0]', x: [2, 3, 6, 7], o: { kernel: [2, 3], stride: [1, 2], padding: [1, 0] } },
  { name: '1x1 kernel stride 2 (subsampling)', x: [1, 4, 5, 5], o: { kernel: 1, stride: 2 } },
  { name: '3x3 stride 1 on a 3x3 input (one window)', x: [3, 1, 3, 3], o: { kernel: 3, stride: 1 } },
];

const f64 = (shape: number[], seed: number): Tensor => randn(shape, { dtype: 'float64', seed });

for (const [kind, op] of [['max', maxPool2d], ['avg', avgPool2d]] as const) {
  describe(`${kind}Pool2d`, () => {
    CASES.forEach((c, k) => {
      it(`forward against a direct loop: ${c.name}`, () => {
        const x = f64(c.x, 30 + k);
        const want = reference(x, c.o, kind);
        const y = op(x, c.o);
        expect(y.shape).toEqual(want.shape);
        expect(Math.max(...want.data.map((v, i) => Math.abs(v - y.data[i]!)))).toBeLessThan(1e-12);
        const y32 = op(x.to('float32'), c.o);
        expect(y32.dtype).toBe('float32');
        expect(Math.max(...want.data.map((v, i) => Math.abs(v - y32.data[i]!)))).toBeLessThan(1e-6);
      });

      it(`gradcheck (float64): ${c.name}`, () => {
        const report = gradcheck((t) => op(t, c.o), [f64(c.x, 40 + k)], { samples: 60 });
        expect(report.warnings).toEqual([]);
        expect(report.passed).toBe(true);
      });
    });

    it('second derivative: the recorded backward is itself differentiable', () => {
      // f(r) = sum(dx^2) with dx = d<r, pool(x)>/dx, built in grad mode. f is quadratic in r, so a
      // centered difference written here is exact up to roundoff: the oracle for r's gradient.
      const o: Pool2dOptions = { kernel: 3, stride: 2, padding: 1 };
      const x = f64([2, 2, 5, 6], 50).reshape([2, 2, 5, 6]);
      x.requiresGrad = true;
      const y = op(x, o);
      const f = (rr: Tensor): Tensor => {
        const back = y.gradFn!.backward(rr)[0]!;
        return sum(mul(back, back));
      };
      const r = f64(y.shape as number[], 51);
      r.requiresGrad = true;
      f(r).backward();
      const step = 1e-3;
      for (let i = 0; i < r.size; i++) {
        const v = r.data[i]!;
        r.data[i] = v + step;
        const plus = f(r).item();
        r.data[i] = v - step;
        const minus = f(r).item();
        r.data[i] = v;
        expect(Math.abs(r.grad!.data[i]! - (plus - minus) / (2 * step))).toBeLessThan(1e-8);
      }
    });

    it('rejects a window larger than the padded input, and padding over half the kernel', () => {
      expect(() => op(f64([1, 1, 3, 3], 1), { kernel: 4 })).toThrow(ShapeError);
      expect(() => op(f64([1, 1, 3, 3], 1), { kernel: [2, 4] })).toThrow(/does not fit the 3x3 padded input/);
      expect(() => op(f64([1, 1, 6, 6], 1), { kernel: 2, padding: 2 })).toThrow(/at most half the kernel/);
      expect(() => op(f64([1, 6, 6], 1), { kernel: 2 })).toThrow(/expects input \(N, C, H, W\)/);
    });
  });
}

describe('maxPool2d ties and padding', () => {
  const leaf = (v: number[][]): Tensor => tensor([[v]], { dtype: 'float64', requiresGrad: true });

  it('an exact tie: the first max in row-major window order gets the whole gradient', () => {
    // Window 1 (left): 5 at (0,0) and (1,1) tie -> (0,0). Window 2 (right): 7 at (0,3), (1,2), (1,3) -> (0,3).
    const x = leaf([[5, 1, 2, 7], [0, 5, 7, 7]]);
    const y = maxPool2d(x, { kernel: 2 });
    expect(y.toArray()).toEqual([[[[5, 7]]]]);
    sum(mul(y, tensor([[[[3, 4]]]], { dtype: 'float64' }))).backward();
    expect(x.grad!.toArray()).toEqual([[[[3, 0, 0, 4], [0, 0, 0, 0]]]]);
  });

  it('overlapping windows add their gradients at a shared max', () => {
    // kernel 2 stride 1 on 1x3: windows [9, 1] and [1, 9]... both maxima distinct positions; 2x2 center shared.
    const x = leaf([[0, 1, 0], [1, 9, 1], [0, 1, 0]]);
    const y = maxPool2d(x, { kernel: 2, stride: 1 });
    expect(y.toArray()).toEqual([[[[9, 9], [9, 9]]]]);
    sum(y).backward();
    expect(x.grad!.toArray()).toEqual([[[[0, 0, 0], [0, 4, 0], [0, 0, 0]]]]);
  });

  it('padding is never the max (all-negative input)', () => {
    const x = leaf([[-3, -1], [-2, -4]]);
    expect(maxPool2d(x, { kernel: 2, stride: 2, padding: 1 }).toArray()).toEqual([[[[-3, -1], [-2, -4]]]]);
  });

  it('gradcheck skips near-ties as kinks and still passes on the rest', () => {
    const h = 1e-6;
    // The first two 2x2 windows each hold a near-tie within the step (2 and 2 + h/10; 3 and 3 - h/10):
    // both entries of each cross the kink. The third window's max, 4, is clear and is compared.
    const x = tensor([[[[2, 0.5, 1, 3, 4, 0], [0.1, 2 + h / 10, 3 - h / 10, -1, 0.2, 1]]]], { dtype: 'float64' });
    const report = gradcheck((t) => maxPool2d(t, { kernel: 2 }), [x], { h });
    expect(report.inputs[0]!.kinks).toBe(4);
    expect(report.passed).toBe(true);
  });
});

describe('avgPool2d counts padding in the divisor', () => {
  it('a corner window over padding divides by kh * kw (count_include_pad)', () => {
    const x = tensor([[[[4, 8], [12, 16]]]], { dtype: 'float64' });
    // kernel 2, stride 2, padding 1: each window holds one real value and three zeros of padding.
    expect(avgPool2d(x, { kernel: 2, padding: 1 }).toArray()).toEqual([[[[1, 2], [3, 4]]]]);
  });
});
