import { gradBufferOf, isGradLeaf } from '../autograd/leaf-grad.js';
import { record } from '../autograd/record.js';
import { isGradEnabled } from '../context.js';
import type { Activation, Buf } from '../backend/backend.js';
import { DTypeError, ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Geometry2d, geometry2d, type PaddingLike, type PairLike, resolvePadding, toPair } from './conv-geometry.js';
import { convBiasGrad, convForward, convInputGrad, convWeightGrad, patches } from './conv2d-gemm.js';
import { empty, emptyFor } from './helpers.js';

export interface Conv2dOptions {
  /** Step of the window, a number or [h, w] (default 1). */
  stride?: PairLike;
  /** Zeros added around the input, a number or [h, w] per side, or 'same' (stride 1 only). Default 0. */
  padding?: PaddingLike;
  /** Spacing between the kernel's taps (default 1). */
  dilation?: PairLike;
}

/**
 * 2-D cross-correlation over NCHW input, as PyTorch's conv2d:
 * y[n, f, oy, ox] = b[f] + sum_{c, i, j} x[n, c, oy sh - ph + i dh, ox sw - pw + j dw] w[f, c, i, j],
 * with x zero outside its bounds. Output (N, F, OH, OW), OH = floor((H + pads - dh (kh - 1) - 1) / sh) + 1.
 * Gradients: dx and dw are the adjoints of the bilinear map (conv2dTransposeInput, conv2dWeightGradient,
 * each itself differentiable), db = g summed over N, OH, OW. Computed as matrix products on the
 * backend's GEMM over x's patch matrix (conv2d-gemm.ts).
 * @param x (N, C, H, W); @param weight (F, C, kh, kw); @param bias (F) or null.
 * @throws ShapeError for mismatched shapes or a window that does not fit; DTypeError for mixed dtypes.
 * @example conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2]), null).toArray(); //=> [[[[4, 4], [4, 4]]]]
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const g = conv2dGeometry(x, weight, bias, options);
  return convWith(x, weight, bias, g);
}

/**
 * act(conv2d(x, weight, bias)) as one primitive: the activation applied in the GEMM's output pass,
 * and its derivative taken from the output in the backward (relu: y > 0, tanh: 1 - y^2, sigmoid:
 * y (1 - y)), one pass fewer each way than the two ops (Sequential fuses a conv2d and the activation
 * after it, as it does linear layers).
 * @example conv2dActivated(x, w, b, { padding: 1 }, 'relu'); // relu(conv2d(x, w, b, { padding: 1 }))
 */
export function conv2dActivated(x: Tensor, weight: Tensor, bias: Tensor | null, options: Conv2dOptions, activation: Activation): Tensor {
  const g = conv2dGeometry(x, weight, bias, options);
  return convWith(x, weight, bias, g, undefined, activation);
}

/** Resolves and checks the shapes and options of a conv2d call. */
export function conv2dGeometry(x: Tensor, weight: Tensor, bias: Tensor | null, options: Conv2dOptions): Geometry2d {
  for (const t of bias === null ? [weight] : [weight, bias]) {
    if (t.dtype !== x.dtype) throw new DTypeError(`conv2d: dtypes differ (${x.dtype} and ${t.dtype})`);
  }
  const desc = `x ${formatShape(x.shape)}, weight ${formatShape(weight.shape)}${bias === null ? '' : `, bias ${formatShape(bias.shape)}`}`;
  if (x.rank !== 4 || weight.rank !== 4 || x.shape[1] !== weight.shape[1]) {
    throw new ShapeError(`conv2d: expects x (N, C, H, W) and weight (F, C, kh, kw) with the same C, got ${desc}`);
  }
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new ShapeError(`conv2d: expects bias (F) with F = weight.shape[0], got ${desc}`);
  }
  const kernel = toPair([weight.shape[2]!, weight.shape[3]!], 'kernel', 'conv2d', 1);
  const stride = toPair(options.stride ?? 1, 'stride', 'conv2d', 1);
  const dilation = toPair(options.dilation ?? 1, 'dilation', 'conv2d', 1);
  const pads = resolvePadding(options.padding ?? 0, kernel, dilation, stride, 'conv2d');
  return geometry2d(x.shape, { kernel, stride, pads, dilation }, 'conv2d');
}

/**
 * The conv2d primitive. `given` is x's patch matrices when the caller has them (the backward reuses
 * the forward's for the weight gradient); a weight that is a leaf
 * gets its gradient accumulated straight into `.grad` by the GEMM (no weight-sized buffer per step).
 */
function convWith(x: Tensor, weight: Tensor, bias: Tensor | null, g: Geometry2d, given?: Buf, act: Activation = 'none'): Tensor {
  const f = weight.shape[0]!;
  const be = x.backend;
  // Every image's patch matrix is kept only for a weight gradient; otherwise one at a time.
  const cols = given ?? (isGradEnabled() && weight.requiresGrad ? patches(be, x.dtype, x.data, g) : null);
  const out = emptyFor([g.n, f, g.oh, g.ow], x);
  convForward(be, x.dtype, x.data, cols, weight.data, bias === null ? null : bias.data, out.data, g, f, act);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record(out, act === 'none' ? 'conv2d' : `conv2d(${act})`, inputs, (gOut) => {
    // Through the activation first, from its output: the gradient of the convolution itself.
    let gy = gOut;
    if (act !== 'none') {
      gy = emptyFor(out.shape, gOut);
      be.activationBackward(gOut.data, out.data, 1, out.size, act, gy.data, null);
    }
    let db: Tensor | null = null;
    if (bias !== null && bias.requiresGrad) {
      db = empty([f], gy);
      convBiasGrad(be, gy.dtype, gy.data, g, f, db.data);
    }
    let dw: Tensor | null = null;
    if (isGradLeaf(weight)) {
      convWeightGrad(be, gy.data, cols!, gradBufferOf(weight), g, f, true);
    } else if (weight.requiresGrad) {
      dw = weightGradientWith(x, gy, g, cols!);
    }
    return [
      x.requiresGrad ? conv2dTransposeInput(gy, weight, g) : null,
      dw,
      ...(bias === null ? [] : [db]),
    ];
  });
}

/**
 * The adjoint of conv2d in x (a transposed convolution): (N, F, OH, OW) and (F, C, kh, kw) -> (N, C, H, W).
 * Bilinear in (gy, weight), so its gradients are conv2d(u, weight) for gy and the weight gradient for weight.
 */
export function conv2dTransposeInput(gy: Tensor, weight: Tensor, g: Geometry2d): Tensor {
  const f = weight.shape[0]!;
  const out = emptyFor([g.n, g.c, g.h, g.w], gy);
  convInputGrad(gy.backend, gy.dtype, gy.data, weight.data, out.data, g, f);
  return record(out, 'conv2dTransposeInput', [gy, weight], (u) => {
    const colsU = gy.requiresGrad || weight.requiresGrad ? patches(u.backend, u.dtype, u.data, g) : null;
    return [
      gy.requiresGrad ? convWith(u, weight, null, g, colsU!) : null,
      weight.requiresGrad ? weightGradientWith(u, gy, g, colsU!) : null,
    ];
  });
}

/**
 * The adjoint of conv2d in the weight: x (N, C, H, W) and gy (N, F, OH, OW) -> (F, C, kh, kw).
 * Bilinear in (x, gy): its gradients are the transposed convolution for x and conv2d(x, v) for gy.
 */
export function conv2dWeightGradient(x: Tensor, gy: Tensor, g: Geometry2d): Tensor {
  return weightGradientWith(x, gy, g, patches(x.backend, x.dtype, x.data, g));
}

function weightGradientWith(x: Tensor, gy: Tensor, g: Geometry2d, cols: Buf): Tensor {
  const f = gy.shape[1]!;
  const out = emptyFor([f, g.c, g.kh, g.kw], x);
  convWeightGrad(x.backend, gy.data, cols, out.data, g, f, false);
  return record(out, 'conv2dWeightGradient', [x, gy], (v) => [
    x.requiresGrad ? conv2dTransposeInput(gy, v, g) : null,
    gy.requiresGrad ? convWith(x, v, null, g, cols) : null,
  ]);
}
