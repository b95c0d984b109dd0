// conv2d against a direct convolution loop written here (float64), over odd sizes, strides,
// padding (numbers and 'same'), dilation, 1x1 and non-square kernels, one and several channels,
// batch 1 and 7; float32 against the same loop; and gradcheck of x, weight and bias in float64,
// including the second derivative through the adjoint ops.
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../../src/check/gradcheck.js';
import { ShapeError } from '../../src/errors.js';
import { add, conv2d, type Conv2dOptions, mul, sum } from '../../src/ops/index.js';
import { conv2dGeometry, conv2dTransposeInput, conv2dWeightGradient } from '../../src/ops/conv2d.js';
import { randn, tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';

type P = [number, number];
const pair = (v: number | P | undefined, d: number): P => (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v);

/** The convolution by its definition, element by element, with zero padding read as "outside -> 0". */
function reference(x: Tensor, w: Tensor, b: Tensor | null, o: Conv2dOptions): { shape: number[]; data: number[] } {
  const [N, C, H, W] = x.shape as number[] as [number, number, number, number];
  const [F, , KH, KW] = w.shape as number[] as [number, number, number, number];
  const [sh, sw] = pair(o.stride as number | P | undefined, 1);
  const [dh, dw] = pair(o.dilation as number | P | undefined, 1);
  let top: number, left: number, bottom: number, right: number;
  if (o.padding === 'same') {
    const th = dh * (KH - 1);
    const tw = dw * (KW - 1);
    top = Math.floor(th / 2); bottom = th - top; left = Math.floor(tw / 2); right = tw - left;
  } else {
    const [p, q] = pair(o.padding as number | P | undefined, 0);
    top = bottom = p; left = right = q;
  }
  const OH = Math.floor((H + top + bottom - dh * (KH - 1) - 1) / sh) + 1;
  const OW = Math.floor((W + left + right - dw * (KW - 1) - 1) / sw) + 1;
  const at = (t: Tensor, i: number[]): number => {
    let k = 0;
    for (let a = 0; a < i.length; a++) k = k * t.shape[a]! + i[a]!;
    return t.data[k]!;
  };
  const data: number[] = [];
  for (let n = 0; n < N; n++) for (let f = 0; f < F; f++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) {
    let s = b === null ? 0 : b.data[f]!;
    for (let c = 0; c < C; c++) for (let i = 0; i < KH; i++) for (let j = 0; j < KW; j++) {
      const r = oy * sh + i * dh - top;
      const q = ox * sw + j * dw - left;
      if (r >= 0 && r < H && q >= 0 && q < W) s += at(x, [n, c, r, q]) * at(w, [f, c, i, j]);
    }
    data.push(s);
  }
  return { shape: [N, F, OH, OW], data };
}

interface Case { name: string; x: number[]; w: number[]; bias: boolean; o: Conv2dOptions }
const CASES: Case[] = [
  { name: '1x1 kernel, one channel, batch 1', x: [1, 1, 5, 5], w: [1, 1, 1, 1], bias: false, o: {} },
  { name: '3x3, odd 7x5 input, several channels, batch 7', x: [7, 3, 7, 5], w: [4, 3, 3, 3], bias: true, o: {} },
  { name: 'stride 2, padding 1, odd 9x7', x: [2, 2, 9, 7], w: [3, 2, 3, 3], bias: true, o: { stride: 2, padding: 1 } },
  { name: "padding 'same', 3x3", x: [1, 2, 6, 5], w: [2, 2, 3, 3], bias: true, o: { padding: 'same' } },
  { name: "padding 'same', even 2x4 kernel (extra pad bottom/right)", x: [2, 1, 5, 6], w: [2, 1, 2, 4], bias: false, o: { padding: 'same' } },
  { name: "padding 'same' with dilation 2", x: [1, 2, 7, 7], w: [1, 2, 3, 3], bias: true, o: { padding: 'same', dilation: 2 } },
  { name: 'dilation 2, non-square 2x3 kernel on 8x9', x: [3, 2, 8, 9], w: [2, 2, 2, 3], bias: true, o: { dilation: 2 } },
  { name: 'non-square everything: stride [2,1], padding [0,2], dilation [1,2]', x: [2, 3, 7, 6], w: [2, 3, 3, 2], bias: true, o: { stride: [2, 1], padding: [0, 2], dilation: [1, 2] } },
  { name: 'stride 3 larger than the kernel', x: [1, 1, 10, 11], w: [2, 1, 2, 2], bias: false, o: { stride: 3 } },
  { name: '1x1 kernel, stride 2, several channels, batch 7', x: [7, 4, 5, 5], w: [3, 4, 1, 1], bias: true, o: { stride: 2 } },
];

const f64 = (shape: number[], seed: number): Tensor => randn(shape, { dtype: 'float64', seed });

describe('conv2d forward against a direct loop', () => {
  CASES.forEach((c, k) => {
    it(c.name, () => {
      const x = f64(c.x, 10 + k);
      const w = f64(c.w, 100 + k);
      const b = c.bias ? f64([c.w[0]!], 1000 + k) : null;
      const want = reference(x, w, b, c.o);
      const y = conv2d(x, w, b, c.o);
      expect(y.shape).toEqual(want.shape);
      const err = Math.max(...want.data.map((v, i) => Math.abs(v - y.data[i]!)));
      expect(err).toBeLessThan(1e-12);
      // float32: the same values to float32's precision.
      const y32 = conv2d(x.to('float32'), w.to('float32'), b === null ? null : b.to('float32'), c.o);
      expect(y32.dtype).toBe('float32');
      const err32 = Math.max(...want.data.map((v, i) => Math.abs(v - y32.data[i]!)));
      expect(err32).toBeLessThan(1e-4);
    });
  });

  it('a hand-computed case: ones 3x3 input, ones 2x2 kernel, padding 1', () => {
    const x = tensor([[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]], { dtype: 'float64' });
    const w = tensor([[[[1, 1], [1, 1]]]], { dtype: 'float64' });
    // Corners see one input value, edges two, the middle four.
    expect(conv2d(x, w, null, { padding: 1 }).toArray()).toEqual([[[[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]]]]);
  });
});

describe('conv2d gradients (float64 gradcheck)', () => {
  CASES.forEach((c, k) => {
    it(c.name, () => {
      const x = f64(c.x, 20 + k);
      const w = f64(c.w, 200 + k);
      const inputs = c.bias ? [x, w, f64([c.w[0]!], 2000 + k)] : [x, w];
      const report = gradcheck((a, b, bias) => conv2d(a!, b!, bias ?? null, c.o), inputs, { samples: 40 });
      expect(report.warnings).toEqual([]);
      expect(report.passed).toBe(true);
    });
  });

  it('second derivatives: the adjoint ops (dx and dw of conv2d) are themselves differentiable', () => {
    // gx = d<r, conv(x, w)>/dx depends on w only, gw = d<r, conv(x, w)>/dw on x only, so
    // f = sum(gx^2) + sum(gw^2) checks the backward of both adjoints, in both of their inputs.
    const r = f64([2, 2, 4, 5], 7);
    const o: Conv2dOptions = { stride: [2, 1], padding: 1, dilation: [1, 2] };
    const f = (x: Tensor, w: Tensor, rr: Tensor): Tensor => {
      const g = conv2dGeometry(x, w, null, o);
      const gx = conv2dTransposeInput(rr, w, g);
      const gw = conv2dWeightGradient(x, rr, g);
      return add(sum(mul(gx, gx)), sum(mul(gw, gw)));
    };
    const x = f64([2, 3, 7, 5], 8);
    const w = f64([2, 3, 2, 2], 9);
    expect(conv2d(x, w, null, o).shape).toEqual(r.shape);
    const report = gradcheck(f, [x, w, r], { samples: 30 });
    expect(report.warnings).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('rejects a kernel larger than the padded input, naming the shapes', () => {
    expect(() => conv2d(f64([1, 1, 3, 3], 1), f64([1, 1, 5, 3], 2), null, { padding: 0 })).toThrow(ShapeError);
    expect(() => conv2d(f64([1, 1, 3, 3], 1), f64([1, 1, 5, 3], 2))).toThrow(/5x3 window .* does not fit the 3x3 padded input/);
    expect(() => conv2d(f64([1, 2, 3, 3], 1), f64([1, 3, 1, 1], 2))).toThrow(/same C/);
    expect(() => conv2d(f64([1, 1, 5, 5], 1), f64([1, 1, 3, 3], 2), null, { padding: 'same', stride: 2 })).toThrow(/'same' needs stride 1/);
  });
});

