// conv2d with its activation fused into the GEMM's output pass: the values and gradients of the
// two-op form act(conv2d(x)) (each op checked against its definition elsewhere), float64 gradcheck
// of the fused primitive for each activation, and Sequential fusing a conv2d with the relu after it.
import { describe, expect, it } from 'vitest';
import { backward } from '../../src/autograd/backward.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import { buildModel } from '../../src/nn/from-config.js';
import { conv2d, conv2dActivated } from '../../src/ops/conv2d.js';
import { relu } from '../../src/ops/relu.js';
import { sigmoid } from '../../src/ops/sigmoid.js';
import { sum } from '../../src/ops/sum.js';
import { tanh } from '../../src/ops/tanh.js';
import { mul } from '../../src/ops/mul.js';
import { randn } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const ACT = { relu, tanh, sigmoid } as const;
const f64 = (shape: number[], seed: number): Tensor => randn(shape, { seed, dtype: 'float64', requiresGrad: true });

describe('conv2dActivated', () => {
  for (const name of ['relu', 'tanh', 'sigmoid'] as const) {
    it(`${name}: the values and gradients of ${name}(conv2d(x)), and gradcheck in float64`, () => {
      const opts = { padding: 1, stride: [1, 2] as [number, number] };
      const [x, w, b] = [f64([2, 3, 5, 6], 1), f64([4, 3, 3, 3], 2), f64([4], 3)];
      const weights = randn([2, 4, 5, 3], { seed: 4, dtype: 'float64' });
      const loss = (y: Tensor) => sum(mul(y, weights));
      const fused = conv2dActivated(x, w, b, opts, name);
      const plain = ACT[name](conv2d(x, w, b, opts));
      Array.from(fused.data).forEach((v, i) => expect(v).toBeCloseTo(plain.data[i]!, 12));
      backward(loss(fused));
      const grads = [x, w, b].map((t) => Float64Array.from(t.grad!.data));
      for (const t of [x, w, b]) t.grad = null;
      backward(loss(plain));
      [x, w, b].forEach((t, k) => Array.from(t.grad!.data).forEach((v, i) => expect(grads[k]![i]!).toBeCloseTo(v, 10)));
      const report = gradcheck((xx, ww, bb) => conv2dActivated(xx!, ww!, bb!, opts, name), [f64([1, 2, 4, 4], 5), f64([3, 2, 2, 2], 6), f64([3], 7)], { samples: 40 });
      expect(report.passed).toBe(true);
    });
  }

  it('Sequential runs conv2d + relu as the fused primitive, with the values of the layers run one by one', () => {
    const model = buildModel([{ type: 'conv2d', filters: 3, kernel: 3, padding: 1 }, 'relu', 'flatten', { type: 'linear', units: 2 }],
      { inputShape: [2, 4, 4], dtype: 'float64', seed: 1 });
    const x = randn([3, 32], { seed: 9, dtype: 'float64' });
    const y = model.forward(x);
    let h = model.shapeInput(x);
    for (const layer of model.layers) h = layer.forward(h);
    Array.from(y.data).forEach((v, i) => expect(v).toBeCloseTo(h.data[i]!, 12));
    // The fused primitive is the graph's node for the first two layers.
    let node: Tensor | null = y;
    const names: string[] = [];
    while (node?.gradFn != null) {
      names.push(node.gradFn.name);
      node = node.gradFn.inputs.find((t) => t.gradFn !== null) ?? null;
    }
    expect(names).toContain('conv2d(relu)');
  });
});
