// The fused kernels of issue 8 in plain TypeScript, for any dtype: the reference, the float64 path and
// the fallback of the native backend. Formulas follow PyTorch; each kernel is one pass per row or per element.
import { IndexError } from '../../errors.js';
import type { Buf } from '../backend.js';
import type {
  Activation, AdagradHyper, AdamHyper, FusedKernels, MomentumHyper, RmspropHyper, SgdHyper,
} from '../fused-kernels.js';
import { matmul } from './matmul.js';

function activate(v: number, activation: Activation): number {
  switch (activation) {
    case 'relu':
      return v > 0 ? v : v !== v ? v : 0;
    case 'tanh':
      return Math.tanh(v);
    case 'sigmoid':
      if (v >= 0) return 1 / (1 + Math.exp(-v));
      return Math.exp(v) / (1 + Math.exp(v));
    default:
      return v;
  }
}

/**
 * out = act(x + bias) over a rows x cols matrix, bias (length cols) broadcast over rows.
 * @example
 * const out = new Float64Array(2);
 * biasActivationCpu(Float64Array.of(-1, 1), Float64Array.of(0.5), 2, 1, 'relu', out); // out = [0, 1.5]
 */
export function biasActivationCpu(x: Buf, bias: Buf | null, rows: number, cols: number, activation: Activation,
  out: Buf): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] = activate(x[o + c]! + (bias === null ? 0 : bias[c]!), activation);
  }
}

/**
 * gradIn = gradOut * act'(y) where y is the activation's output (relu: y > 0; tanh: 1 - y^2;
 * sigmoid: y (1 - y)); gradBias (length cols), when given, receives the column sums of gradIn.
 * @example
 * const gin = new Float64Array(2);
 * activationBackwardCpu(Float64Array.of(3, 3), Float64Array.of(0, 2), 2, 1, 'relu', gin, null); // gin = [0, 3]
 */
export function activationBackwardCpu(gradOut: Buf, y: Buf, rows: number, cols: number, activation: Activation,
  gradIn: Buf, gradBias: Buf | null): void {
  const n = rows * cols;
  for (let i = 0; i < n; i++) {
    const g = gradOut[i]!;
    const v = y[i]!;
    gradIn[i] = activation === 'relu' ? (v > 0 ? g : 0)
      : activation === 'tanh' ? g * (1 - v * v)
        : activation === 'sigmoid' ? g * v * (1 - v) : g;
  }
  if (gradBias === null) return;
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += gradIn[r * cols + c]!;
    gradBias[c] = s;
  }
}

/**
 * Softmax cross-entropy of rows x cols logits against class labels, in one pass per row: returns the
 * summed loss sum_r (logsumexp(x_r) - x_r[label_r]) and, when `grad` is given, writes
 * grad = (softmax(x) - onehot(label)) * gradScale (gradScale = 1 / rows for a mean loss).
 * Labels must lie in [0, cols) (the caller validates).
 * @example
 * softmaxCrossEntropyCpu(Float64Array.of(0, 0), Int32Array.of(1), 1, 2, null, 1); //=> Math.LN2
 */
export function softmaxCrossEntropyCpu(logits: Buf, labels: Int32Array, rows: number, cols: number,
  grad: Buf | null, gradScale: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) {
      const v = logits[s + j]!;
      if (v > m || v !== v) m = v;
    }
    const shift = m === -Infinity ? 0 : m;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(logits[s + j]! - shift);
    const lse = shift + Math.log(sum);
    const label = labels[r]!;
    total += lse - logits[s + label]!;
    if (grad === null) continue;
    for (let j = 0; j < cols; j++) grad[s + j] = Math.exp(logits[s + j]! - lse) * gradScale;
    grad[s + label] = grad[s + label]! - gradScale;
  }
  return total;
}

/**
 * One SGD step in place.
 * @example
 * const p = Float64Array.of(1);
 * sgdUpdateCpu(p, Float64Array.of(2), { lr: 0.1, weightDecay: 0 }); // p = [0.8]
 */
export function sgdUpdateCpu(param: Buf, grad: Buf, hp: SgdHyper): void {
  for (let i = 0; i < param.length; i++) param[i] = param[i]! - hp.lr * (grad[i]! + hp.weightDecay * param[i]!);
}

/**
 * One momentum (or Nesterov) step in place; `velocity` is PyTorch's momentum buffer.
 * @example
 * const p = Float64Array.of(5), buf = Float64Array.of(0);
 * momentumUpdateCpu(p, Float64Array.of(10), buf, { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 });
 * // p = [4], buf = [10] (the notes' worked example, step 1)
 */
export function momentumUpdateCpu(param: Buf, grad: Buf, velocity: Buf, hp: MomentumHyper): void {
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]! + hp.weightDecay * param[i]!;
    const buf = hp.momentum * velocity[i]! + (1 - hp.dampening) * g;
    velocity[i] = buf;
    param[i] = param[i]! - hp.lr * (hp.nesterov ? g + hp.momentum * buf : buf);
  }
}

/**
 * One Adam or AdamW step in place (m, v: first and second moments).
 * @example
 * const p = Float64Array.of(1), m = Float64Array.of(0), v = Float64Array.of(0);
 * adamUpdateCpu(p, Float64Array.of(0.5), m, v,
 *   { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, step: 1, decoupled: false });
 * // p ≈ [0.9]: the first Adam step moves each weight by about lr
 */
export function adamUpdateCpu(param: Buf, grad: Buf, m: Buf, v: Buf, hp: AdamHyper): void {
  const bias1 = 1 - Math.pow(hp.beta1, hp.step);
  const bias2 = 1 - Math.pow(hp.beta2, hp.step);
  const l2 = hp.decoupled ? 0 : hp.weightDecay;
  const shrink = hp.decoupled ? 1 - hp.lr * hp.weightDecay : 1;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]! + l2 * param[i]!;
    const mi = hp.beta1 * m[i]! + (1 - hp.beta1) * g;
    const vi = hp.beta2 * v[i]! + (1 - hp.beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] = param[i]! * shrink - (hp.lr * (mi / bias1)) / (Math.sqrt(vi / bias2) + hp.eps);
  }
}

/**
 * One RMSProp step in place (`square`: the running mean of squared gradients).
 * @example
 * const p = Float64Array.of(1), s = Float64Array.of(0);
 * rmspropUpdateCpu(p, Float64Array.of(1), s, { lr: 0.01, alpha: 0.99, eps: 0, weightDecay: 0 }); // p = [0.9]
 */
export function rmspropUpdateCpu(param: Buf, grad: Buf, square: Buf, hp: RmspropHyper): void {
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]! + hp.weightDecay * param[i]!;
    const s = hp.alpha * square[i]! + (1 - hp.alpha) * g * g;
    square[i] = s;
    param[i] = param[i]! - (hp.lr * g) / (Math.sqrt(s) + hp.eps);
  }
}

/**
 * One Adagrad step in place (`sum`: the accumulated squared gradients).
 * @example
 * const p = Float64Array.of(1), s = Float64Array.of(0);
 * adagradUpdateCpu(p, Float64Array.of(2), s, { lr: 0.1, eps: 0, weightDecay: 0 }); // p = [0.9], s = [4]
 */
export function adagradUpdateCpu(param: Buf, grad: Buf, sum: Buf, hp: AdagradHyper): void {
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]! + hp.weightDecay * param[i]!;
    const s = sum[i]! + g * g;
    sum[i] = s;
    param[i] = param[i]! - (hp.lr * g) / (Math.sqrt(s) + hp.eps);
  }
}

/**
 * Throws IndexError naming the first label outside [0, cols).
 * @example checkLabels(Int32Array.of(0, 3), 2, 3); // throws: label 3 at row 1 is out of range
 */
export function checkLabels(labels: Int32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const y = labels[r]!;
    if (y < 0 || y >= cols) {
      throw new IndexError(`softmaxCrossEntropy: label ${y} at row ${r} is out of range (expected 0 <= label < ${cols})`);
    }
  }
}

/**
 * The fused kernels in TypeScript, for float32 and float64.
 * @example
 * cpuFused.softmaxCrossEntropy(Float64Array.of(0, 0), Int32Array.of(0), 1, 2, null, 1); //=> Math.LN2
 */
export const cpuFused: FusedKernels = {
  matmulBiasActivation(a, b, out, m, k, n, options, bias, activation, batch = 1) {
    matmul(a, b, out, m, k, n, options, batch);
    if (bias === null && activation === 'none') return;
    // In place: biasActivationCpu reads each element before writing it.
    for (let t = 0; t < batch; t++) {
      biasActivationCpu(out.subarray(t * m * n, (t + 1) * m * n), bias, m, n, activation,
        out.subarray(t * m * n, (t + 1) * m * n));
    }
  },
  biasActivation: biasActivationCpu,
  activationBackward: activationBackwardCpu,
  softmaxCrossEntropy(logits, labels, rows, cols, grad, gradScale) {
    checkLabels(labels, rows, cols);
    return softmaxCrossEntropyCpu(logits, labels, rows, cols, grad, gradScale);
  },
  sgdUpdate: sgdUpdateCpu,
  momentumUpdate: momentumUpdateCpu,
  adamUpdate: adamUpdateCpu,
  rmspropUpdate: rmspropUpdateCpu,
  adagradUpdate: adagradUpdateCpu,
};

