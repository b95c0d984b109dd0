// Rows of the fused primitives of issue 8: affine (x W + b with an activation, the linear layer's
// forward pass) and crossEntropyFromLogits (softmax cross-entropy with integer labels), and the
// binary cross-entropy primitive. The references are written out here over plain arrays.
import type { Activation } from '../../../src/backend/backend.js';
import { affine } from '../../../src/ops/affine.js';
import { binaryCrossEntropyFromLogits } from '../../../src/ops/binary-cross-entropy-logits.js';
import { crossEntropyFromLogits } from '../../../src/ops/cross-entropy-logits.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { build, matmulRef, nd, type Nd } from '../nd-reference.js';
import { fmt, type OpCase, type OpRow, uniform } from './types.js';

const ACT: Record<Activation, (z: number) => number> = {
  none: (z) => z,
  relu: (z) => Math.max(0, z),
  tanh: (z) => Math.tanh(z),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
};

function affineCases(activation: Activation): OpCase[] {
  const [m, k, n] = [3, 4, 5];
  return [true, false].map((withBias) => ({
    label: `${fmt(withBias ? [[m, k], [k, n], [n]] : [[m, k], [k, n]])} ${activation}`,
    shapes: withBias ? [[m, k], [k, n], [n]] : [[m, k], [k, n]],
    run: (x: Tensor, w: Tensor, b?: Tensor) => affine(x, w, b ?? null, activation),
    reference: (x: Nd, w: Nd, b?: Nd) => {
      const xw = matmulRef(x, w, false, false);
      return build(xw.shape, ([i, j]) => ACT[activation](xw.data[i! * n + j!]! + (b === undefined ? 0 : b.data[j!]!)));
    },
  }));
}

/** Rejects a draw with some pre-activation within 0.05 of relu's kink at 0. */
function awayFromKink(x: Nd, w: Nd, b?: Nd): boolean {
  const xw = matmulRef(x, w, false, false);
  const n = w.shape[1]!;
  return xw.data.every((v, i) => Math.abs(v + (b === undefined ? 0 : b.data[i % n]!)) > 0.05);
}

const LABELS = Int32Array.of(2, 0, 3, 3);

function crossEntropyCases(): OpCase[] {
  return (['mean', 'sum'] as const).map((reduction) => ({
    label: `(4,5) labels [2,0,3,3] ${reduction}`,
    shapes: [[4, 5]],
    run: (s: Tensor) => crossEntropyFromLogits(s, LABELS, reduction),
    reference: (s: Nd) => {
      let total = 0;
      for (let r = 0; r < 4; r++) {
        const row = s.data.slice(r * 5, r * 5 + 5);
        const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
        total += lse - row[LABELS[r]!]!;
      }
      return { shape: [], data: [reduction === 'mean' ? total / 4 : total] };
    },
  }));
}

/** -(y log s + (1 - y) log(1 - s)) with s = 1 / (1 + e^-z), the textbook form. */
function binaryCrossEntropyCases(): OpCase[] {
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  return [[5], [2, 3]].map((shape) => ({
    label: `${fmt([shape, shape])}`,
    shapes: [shape, shape],
    run: (z: Tensor, y: Tensor) => binaryCrossEntropyFromLogits(z, y),
    reference: (z: Nd, y: Nd) =>
      nd(z.shape, z.data.map((v, i) => -(y.data[i]! * Math.log(sig(v)) + (1 - y.data[i]!) * Math.log(1 - sig(v))))),
  }));
}

// prettier-ignore
export const FUSED_ROWS: readonly OpRow[] = [
  { name: 'affine', op: 'affine', cases: affineCases('none') },
  { name: 'affine relu', op: 'affine', cases: affineCases('relu'), accept: awayFromKink },
  { name: 'affine tanh', op: 'affine', cases: affineCases('tanh') },
  { name: 'affine sigmoid', op: 'affine', cases: affineCases('sigmoid') },
  { name: 'crossEntropyFromLogits', op: 'crossEntropyFromLogits', cases: crossEntropyCases() },
  // Targets are probabilities: drawn from [0, 1].
  { name: 'binaryCrossEntropyFromLogits', op: 'binaryCrossEntropyFromLogits', cases: binaryCrossEntropyCases(), draw: [uniform(-2, 2), uniform(0, 1)] },
];
