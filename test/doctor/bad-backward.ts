// A test-only layer y = x * w (w broadcast over the batch) built with `record`, whose backward for
// w is deliberately wrong by a factor (2 for the bug, 1 for the correct control).
import type { DType } from '../../src/backend/backend.js';
import { record } from '../../src/autograd/record.js';
import { noGrad } from '../../src/context.js';
import { Module } from '../../src/nn/module.js';
import { Parameter } from '../../src/nn/parameter.js';
import { mul } from '../../src/ops/mul.js';
import { sum } from '../../src/ops/sum.js';
import { allocBuf, type Tensor } from '../../src/tensor/tensor.js';

export class ScaleWithBackward extends Module {
  weight: Parameter;
  readonly factor: number;

  constructor(features: number, dtype: DType, factor: number) {
    super();
    const data = allocBuf(dtype, features);
    for (let i = 0; i < features; i++) data[i] = 0.5 + 0.1 * i;
    this.weight = new Parameter(data, [features], 'weight');
    this.factor = factor;
  }

  forward(x: Tensor): Tensor {
    const w = this.weight;
    const out = noGrad(() => mul(x, w));
    return record(out, 'scaleWithBackward', [x, w], (g) => [mul(g, w), mul(sum(mul(g, x), 0), this.factor)]);
  }
}
