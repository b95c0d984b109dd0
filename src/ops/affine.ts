import { gradBufferOf, isGradLeaf } from '../autograd/leaf-grad.js';
import { record } from '../autograd/record.js';
import type { Activation } from '../backend/backend.js';
import { ACTIVATIONS } from '../backend/fused-kernels.js';
import { DTypeError, ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty } from './helpers.js';
import { matmul } from './matmul.js';


function check(x: Tensor, weight: Tensor, bias: Tensor | null, activation: Activation): void {
  if (!ACTIVATIONS.includes(activation)) {
    throw new ShapeError(`affine: unknown activation '${String(activation)}' (expected one of ${ACTIVATIONS.join(', ')})`);
  }
  for (const t of bias === null ? [weight] : [weight, bias]) {
    if (t.dtype !== x.dtype) throw new DTypeError(`affine: dtypes differ (${x.dtype} and ${t.dtype})`);
  }
  const desc = `x ${formatShape(x.shape)}, weight ${formatShape(weight.shape)}${bias === null ? '' : `, bias ${formatShape(bias.shape)}`}`;
  if (x.rank !== 2 || weight.rank !== 2 || x.shape[1] !== weight.shape[0]) {
    throw new ShapeError(`affine: expects x (m, k) and weight (k, n), got ${desc}`);
  }
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== weight.shape[1])) {
    throw new ShapeError(`affine: expects bias (n) with n = weight.shape[1], got ${desc}`);
  }
}

/**
 * A linear layer's forward pass as one primitive: act(x W + b), the bias and activation applied in
 * the matrix product's output pass (Backend.matmulBiasActivation). Gradients, with z = x W + b,
 * y = act(z) and dz = g act'(z) computed from y (relu: y > 0, tanh: 1 - y^2, sigmoid: y (1 - y)):
 * dx = dz W^T, dW = x^T dz, db = column sums of dz (one fused kernel, Backend.activationBackward).
 * A weight that is a leaf gets dW accumulated straight into its `.grad`.
 * @param x (m, k) inputs; @param weight (k, n); @param bias (n) or null; @param activation default 'none'.
 * @throws ShapeError for mismatched shapes or an unknown activation; DTypeError for mixed dtypes.
 * @example affine(tensor([[1, 2]]), tensor([[1], [-1]]), tensor([0.5]), 'relu').toArray(); //=> [[0]]
 */
export function affine(x: Tensor, weight: Tensor, bias: Tensor | null = null, activation: Activation = 'none'): Tensor {
  check(x, weight, bias, activation);
  const [m, k] = [x.shape[0]!, x.shape[1]!];
  const n = weight.shape[1]!;
  const out = empty([m, n], x);
  x.backend.matmulBiasActivation(x.data, weight.data, out.data, m, k, n, { transA: false, transB: false },
    bias === null ? null : bias.data, activation);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record(out, `affine(${activation})`, inputs, (g) => {
    let dz = g;
    let db: Tensor | null = null;
    const wantBias = bias !== null && bias.requiresGrad;
    if (activation !== 'none') {
      dz = empty(out.shape, out);
      db = wantBias ? empty([n], out) : null;
      x.backend.activationBackward(g.data, out.data, m, n, activation, dz.data, db === null ? null : db.data);
    } else if (wantBias) {
      db = empty([n], out);
      x.backend.sum(g.data, [m, n], [0], db.data);
    }
    const grads = [
      x.requiresGrad ? matmul(dz, weight, { transB: true }) : null,
      weight.requiresGrad && !isGradLeaf(weight) ? matmul(x, dz, { transA: true }) : null,
    ];
    if (isGradLeaf(weight)) {
      // A weight parameter: x^T dz goes straight into weight.grad (the GEMM accumulates), so a training
      // step allocates no weight-sized gradient buffer (issue 8's allocation-free steady state).
      x.backend.matmul(x.data, dz.data, gradBufferOf(weight), k, m, n, { transA: true, transB: false, accumulate: true });
    }
    return bias === null ? grads : [...grads, db];
  });
}
