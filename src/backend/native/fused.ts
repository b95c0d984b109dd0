// The fused kernels as one object: the proposed additions to the Backend interface (docs/native.md).
// `cpuFused` runs the TypeScript versions for any dtype; `nativeFused` sends float32 to the addon and
// everything else to `cpuFused`.
import { IndexError } from '../../errors.js';
import type { Buf, MatmulOptions } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { ACTIVATION, GEMM_FLAGS, type NativeKernels, OPTIM } from './addon.js';
import {
  type Activation, activationBackwardCpu, type AdagradHyper, adagradUpdateCpu, type AdamHyper, adamUpdateCpu,
  biasActivationCpu, type MomentumHyper, momentumUpdateCpu, type RmspropHyper, rmspropUpdateCpu, type SgdHyper,
  sgdUpdateCpu, softmaxCrossEntropyCpu,
} from './fused-cpu.js';

/** Fused kernels proposed for the Backend interface (issue 8); see fused-cpu.ts for the formulas. */
export interface FusedKernels {
  /**
   * A linear layer's forward pass in one call: out = act((accumulate ? out : 0) + op(A) op(B) + bias),
   * the bias (length n, shared by the batch; may be null) and activation applied to each output tile
   * while it is still in cache (performance-notes.md: fuse them into the GEMM's output pass).
   */
  matmulBiasActivation(a: Buf, b: Buf, out: Buf, m: number, k: number, n: number, options: MatmulOptions,
    bias: Buf | null, activation: Activation, batch?: number): void;
  /** out = act(x + bias) over rows x cols; bias (length cols) may be null. */
  biasActivation(x: Buf, bias: Buf | null, rows: number, cols: number, activation: Activation, out: Buf): void;
  /** gradIn = gradOut * act'(y) from the output y; gradBias (length cols) = column sums of gradIn. */
  activationBackward(gradOut: Buf, y: Buf, rows: number, cols: number, activation: Activation, gradIn: Buf,
    gradBias: Buf | null): void;
  /** Summed softmax cross-entropy; grad = (softmax - onehot) * gradScale when given. */
  softmaxCrossEntropy(logits: Buf, labels: Int32Array, rows: number, cols: number, grad: Buf | null,
    gradScale: number): number;
  sgdUpdate(param: Buf, grad: Buf, hp: SgdHyper): void;
  momentumUpdate(param: Buf, grad: Buf, velocity: Buf, hp: MomentumHyper): void;
  adamUpdate(param: Buf, grad: Buf, m: Buf, v: Buf, hp: AdamHyper): void;
  rmspropUpdate(param: Buf, grad: Buf, square: Buf, hp: RmspropHyper): void;
  adagradUpdate(param: Buf, grad: Buf, sum: Buf, hp: AdagradHyper): void;
}

/** Throws IndexError naming the first label outside [0, cols). */
function checkLabels(labels: Int32Array, rows: number, cols: number): void {
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
    cpuBackend.matmul(a, b, out, m, k, n, options, batch);
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

const isF32 = (x: Buf | null): x is Float32Array | null => x === null || x instanceof Float32Array;

/**
 * The fused kernels on the addon for float32 (all buffers float32), cpuFused otherwise.
 * @example
 * const fused = nativeFused(kernels); // kernels: the object NativeAddon.create returns
 */
export function nativeFused(k: NativeKernels): FusedKernels {
  // One reusable hyperparameter block per backend: no allocation per optimizer step.
  const hyper = new Float64Array(10);
  const optim = (kind: number, p: Float32Array, g: Float32Array, s1: Float32Array | null, s2: Float32Array | null,
    values: readonly number[]): void => {
    hyper.fill(0);
    hyper.set(values);
    k.optim(kind, p, g, s1, s2, hyper);
  };
  return {
    matmulBiasActivation(a, b, out, m, kk, n, options, bias, activation, batch = 1) {
      if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array && isF32(bias)) {
        const flags = (options.transA ? GEMM_FLAGS.transA : 0) | (options.transB ? GEMM_FLAGS.transB : 0) |
          (options.accumulate === true ? GEMM_FLAGS.accumulate : 0);
        k.gemm(a, b, out, m, kk, n, flags, batch, bias, ACTIVATION[activation]);
      } else cpuFused.matmulBiasActivation(a, b, out, m, kk, n, options, bias, activation, batch);
    },
    biasActivation(x, bias, rows, cols, activation, out) {
      if (x instanceof Float32Array && out instanceof Float32Array && isF32(bias)) {
        k.biasAct(ACTIVATION[activation], x, bias, out, rows, cols);
      } else cpuFused.biasActivation(x, bias, rows, cols, activation, out);
    },
    activationBackward(gradOut, y, rows, cols, activation, gradIn, gradBias) {
      if (gradOut instanceof Float32Array && y instanceof Float32Array && gradIn instanceof Float32Array &&
        isF32(gradBias)) {
        k.actBackward(ACTIVATION[activation], gradOut, y, gradIn, gradBias, rows, cols);
      } else cpuFused.activationBackward(gradOut, y, rows, cols, activation, gradIn, gradBias);
    },
    softmaxCrossEntropy(logits, labels, rows, cols, grad, gradScale) {
      if (!(logits instanceof Float32Array && isF32(grad))) {
        return cpuFused.softmaxCrossEntropy(logits, labels, rows, cols, grad, gradScale);
      }
      checkLabels(labels, rows, cols);
      return k.softmaxXent(logits, labels, grad, gradScale, rows, cols);
    },
    sgdUpdate(param, grad, hp) {
      if (param instanceof Float32Array && grad instanceof Float32Array) {
        optim(OPTIM.sgd, param, grad, null, null, [hp.lr, 0, 0, 0, hp.weightDecay]);
      } else cpuFused.sgdUpdate(param, grad, hp);
    },
    momentumUpdate(param, grad, velocity, hp) {
      if (param instanceof Float32Array && grad instanceof Float32Array && velocity instanceof Float32Array) {
        optim(OPTIM.momentum, param, grad, velocity, null,
          [hp.lr, hp.momentum, 0, 0, hp.weightDecay, hp.dampening, 0, hp.nesterov ? 1 : 0]);
      } else cpuFused.momentumUpdate(param, grad, velocity, hp);
    },
    adamUpdate(param, grad, m, v, hp) {
      if (param instanceof Float32Array && grad instanceof Float32Array && m instanceof Float32Array &&
        v instanceof Float32Array) {
        optim(OPTIM.adam, param, grad, m, v,
          [hp.lr, hp.beta1, hp.beta2, hp.eps, hp.weightDecay, 0, hp.step, 0, hp.decoupled ? 1 : 0]);
      } else cpuFused.adamUpdate(param, grad, m, v, hp);
    },
    rmspropUpdate(param, grad, square, hp) {
      if (param instanceof Float32Array && grad instanceof Float32Array && square instanceof Float32Array) {
        optim(OPTIM.rmsprop, param, grad, square, null, [hp.lr, 0, hp.alpha, hp.eps, hp.weightDecay]);
      } else cpuFused.rmspropUpdate(param, grad, square, hp);
    },
    adagradUpdate(param, grad, sum, hp) {
      if (param instanceof Float32Array && grad instanceof Float32Array && sum instanceof Float32Array) {
        optim(OPTIM.adagrad, param, grad, sum, null, [hp.lr, 0, 0, hp.eps, hp.weightDecay]);
      } else cpuFused.adagradUpdate(param, grad, sum, hp);
    },
  };
}
