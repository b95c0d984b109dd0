import { record } from '../autograd/record.js';
import { isGradEnabled } from '../context.js';
import type { Buf } from '../backend/backend.js';
import { DTypeError, ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import { scratchBuf, type Tensor } from '../tensor/tensor.js';
import { empty, emptyFor } from './helpers.js';

/** What a training-mode call measured: each channel's batch mean and biased variance. */
export interface ChannelStats {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

function check(x: Tensor, gamma: Tensor, beta: Tensor): void {
  const c = x.shape[1];
  for (const t of [gamma, beta]) {
    if (t.dtype !== x.dtype) throw new DTypeError(`batchNormChannels: dtypes differ (${x.dtype} and ${t.dtype})`);
    if (x.rank !== 4 || t.rank !== 1 || t.shape[0] !== c) {
      throw new ShapeError(`batchNormChannels: expects x (N, C, H, W) and gamma, beta (C), got x ${formatShape(x.shape)}, ${formatShape(t.shape)}`);
    }
  }
}

/**
 * Batch normalization over the channels of images in one pass per statistic, with the gradient in
 * closed form: per channel c over its M = N H W values, y = gamma (x - mean) / sqrt(var + eps) + beta
 * with the batch's mean and (biased) variance, or with `running` statistics given (inference).
 * Gradients (training form, xhat the normalized input): dbeta = sum g, dgamma = sum g xhat,
 * dx = gamma / (M sqrt(var + eps)) (M g - dbeta - xhat dgamma). Loops over each image's contiguous
 * channel planes: the broadcasts of the op-by-op form over (1, C, 1, 1) cost several passes each.
 * @param onStats receives the batch statistics (training form), for the running averages.
 * @example batchNormChannels(x, ones([3]), zeros([3]), 1e-5).shape; //=> x.shape
 * @throws ShapeError for x not (N, C, H, W) or gamma/beta not (C); DTypeError for mixed dtypes.
 */
export function batchNormChannels(
  x: Tensor, gamma: Tensor, beta: Tensor, eps: number,
  running?: { mean: ArrayLike<number>; variance: ArrayLike<number> }, onStats?: (s: ChannelStats) => void,
): Tensor {
  check(x, gamma, beta);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const plane = h * w;
  const m = n * plane;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  const xd = x.data;
  if (running === undefined) {
    for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let b = 0; b < n; b++) {
        const at = (b * c + ch) * plane;
        for (let k = 0; k < plane; k++) s += xd[at + k]!;
      }
      const mu = s / m;
      let ss = 0;
      for (let b = 0; b < n; b++) {
        const at = (b * c + ch) * plane;
        for (let k = 0; k < plane; k++) {
          const d = xd[at + k]! - mu;
          ss += d * d;
        }
      }
      mean[ch] = mu;
      variance[ch] = ss / m;
    }
    onStats?.({ mean, variance });
  } else {
    for (let ch = 0; ch < c; ch++) {
      mean[ch] = running.mean[ch]!;
      variance[ch] = running.variance[ch]!;
    }
  }
  const invStd = variance.map((v) => 1 / Math.sqrt(v + eps));
  const out = emptyFor(x.shape, x);
  // xhat is kept for the backward: a buffer of x's size from the step's pool, only when one will run.
  const recording = isGradEnabled() && [x, gamma, beta].some((t) => t.requiresGrad);
  const xhat = recording ? scratchBuf(x.dtype, x.size) : null;
  const y = out.data;
  const gd = gamma.data;
  const bd = beta.data;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const at = (b * c + ch) * plane;
      const mu = mean[ch]!;
      const is = invStd[ch]!;
      const g = gd[ch]!;
      const be = bd[ch]!;
      for (let k = 0; k < plane; k++) {
        const v = (xd[at + k]! - mu) * is;
        if (xhat !== null) xhat[at + k] = v;
        y[at + k] = g * v + be;
      }
    }
  }
  const training = running === undefined;
  if (xhat === null) return out;
  return record(out, 'batchNormChannels', [x, gamma, beta], (gy) => {
    const sums = channelSums(gy.data, xhat, n, c, plane);
    const dx = x.requiresGrad ? emptyFor(x.shape, gy) : null;
    if (dx !== null) inputGrad(gy.data, xhat, gd, invStd, sums, training, n, c, plane, dx.data);
    const dgamma = gamma.requiresGrad ? empty([c], gy) : null;
    if (dgamma !== null) dgamma.data.set(sums.gx);
    const dbeta = beta.requiresGrad ? empty([c], gy) : null;
    if (dbeta !== null) dbeta.data.set(sums.g);
    return [dx, dgamma, dbeta];
  });
}

/** Per channel: sum of g and sum of g xhat. */
function channelSums(g: Buf, xhat: Buf, n: number, c: number, plane: number): { g: Float64Array; gx: Float64Array } {
  const sg = new Float64Array(c);
  const sgx = new Float64Array(c);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const at = (b * c + ch) * plane;
      let a = 0;
      let ax = 0;
      for (let k = 0; k < plane; k++) {
        const v = g[at + k]!;
        a += v;
        ax += v * xhat[at + k]!;
      }
      sg[ch]! += a;
      sgx[ch]! += ax;
    }
  }
  return { g: sg, gx: sgx };
}

/** dx: gamma invStd (g - (sum g + xhat sum g xhat) / M) in training; gamma invStd g with fixed statistics. */
function inputGrad(g: Buf, xhat: Buf, gamma: Buf, invStd: Float64Array, sums: { g: Float64Array; gx: Float64Array },
  training: boolean, n: number, c: number, plane: number, dx: Buf): void {
  const m = n * plane;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const at = (b * c + ch) * plane;
      const scale = gamma[ch]! * invStd[ch]!;
      if (!training) {
        for (let k = 0; k < plane; k++) dx[at + k] = scale * g[at + k]!;
        continue;
      }
      const mg = sums.g[ch]! / m;
      const mgx = sums.gx[ch]! / m;
      for (let k = 0; k < plane; k++) dx[at + k] = scale * (g[at + k]! - mg - xhat[at + k]! * mgx);
    }
  }
}
