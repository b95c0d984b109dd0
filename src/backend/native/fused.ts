// The fused kernels of the Backend interface on the addon: float32 goes native, everything else to
// the TypeScript versions (cpuFused in src/backend/cpu/fused.ts).
import type { Buf } from '../backend.js';
import { checkLabels, cpuFused } from '../cpu/fused.js';
import type { FusedKernels } from '../fused-kernels.js';
import { ACTIVATION, GEMM_FLAGS, type NativeKernels, OPTIM } from './addon.js';

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
