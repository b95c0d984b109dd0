// The fused kernels of a training step (issue 8): a linear layer's GEMM with its bias and activation,
// the activation's backward with the bias gradient, softmax cross-entropy forward and backward in one
// pass, and the optimizer updates in one pass over each parameter. Every Backend has them.
import type { Buf, MatmulOptions } from './backend.js';

/** Activations the fused bias + activation kernels know. */
export type Activation = 'none' | 'relu' | 'tanh' | 'sigmoid';

/** Every Activation, for validating one that came from outside the type system. */
export const ACTIVATIONS: readonly Activation[] = ['none', 'relu', 'tanh', 'sigmoid'];

/** SGD step: g = grad + weightDecay * p; p -= lr * g. */
export interface SgdHyper {
  readonly lr: number;
  readonly weightDecay: number;
}

/**
 * Heavy-ball / Nesterov step (PyTorch SGD with momentum): g = grad + weightDecay * p;
 * buf = momentum * buf + (1 - dampening) * g; p -= lr * (nesterov ? g + momentum * buf : buf).
 * PyTorch starts with buf = g: pass dampening 0 on the first step to match it.
 */
export interface MomentumHyper extends SgdHyper {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
}

/**
 * Adam / AdamW step; t = `step` counts from 1. m: first moment, v: second moment.
 * m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
 * p -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps).
 * decoupled (AdamW): p *= 1 - lr * weightDecay first and g = grad; else g = grad + weightDecay * p.
 */
export interface AdamHyper {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly step: number;
  readonly decoupled: boolean;
}

/** RMSProp step: s = alpha s + (1 - alpha) g^2; p -= lr g / (sqrt(s) + eps); g includes L2 decay. */
export interface RmspropHyper {
  readonly lr: number;
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
}

/** Adagrad step: s += g^2; p -= lr g / (sqrt(s) + eps); g includes L2 decay. */
export interface AdagradHyper {
  readonly lr: number;
  readonly eps: number;
  readonly weightDecay: number;
}

/** The fused kernels of a training step (issue 8), part of every Backend; src/backend/cpu/fused.ts has the formulas. */
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

