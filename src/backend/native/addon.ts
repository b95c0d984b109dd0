// The raw surface of native/build/Release/descent_native.node (native/src/addon.cc) and its loading.
// Codes and argument orders here must match addon.cc and native/src/kernels.h.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** SIMD levels of the native kernels, best first. */
export type SimdLevel = 'avx512' | 'avx2' | 'portable';

/** Unary op codes (kernels.h UnaryOp). */
export const UNARY = { relu: 0, exp: 1, tanh: 2, sigmoid: 3, neg: 4 } as const;
/** Binary op codes (kernels.h BinaryOp). */
export const BINARY = { add: 0, sub: 1, mul: 2 } as const;
/** Operand layouts of a binary op over rows x cols (kernels.h BinaryMode). */
export const MODE = { same: 0, rowB: 1, rowA: 2, scalarB: 3, scalarA: 4 } as const;
/** Activation codes of the fused kernels (kernels.h Activation). */
export const ACTIVATION = { none: 0, relu: 1, tanh: 2, sigmoid: 3 } as const;
/** Optimizer codes (kernels.h OptimKind). */
export const OPTIM = { sgd: 0, momentum: 1, adam: 2, rmsprop: 3, adagrad: 4 } as const;
/** matmul flag bits. */
export const GEMM_FLAGS = { transA: 1, transB: 2, accumulate: 4 } as const;

/** Kernels bound to one SIMD level and one thread pool; every array is float32 unless noted. */
export interface NativeKernels {
  readonly info: { readonly simd: SimdLevel; readonly threads: number };
  /** out = act((accumulate ? out : 0) + op(a) op(b) + bias); bias and act are optional. */
  gemm(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, flags: number,
    batch: number, bias?: Float32Array | null, act?: number): void;
  unary(op: number, x: Float32Array, out: Float32Array): void;
  binary(op: number, mode: number, a: Float32Array, b: Float32Array, out: Float32Array, rows: number,
    cols: number): void;
  sumRows(x: Float32Array, out: Float32Array, rows: number, cols: number): void;
  sumCols(x: Float32Array, out: Float32Array, rows: number, cols: number): void;
  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number, log: number): void;
  biasAct(act: number, x: Float32Array, bias: Float32Array | null, out: Float32Array, rows: number,
    cols: number): void;
  actBackward(act: number, gradOut: Float32Array, y: Float32Array, gradIn: Float32Array,
    gradBias: Float32Array | null, rows: number, cols: number): void;
  /** Returns the summed loss, or -1 - r when labels[r] is out of range. */
  softmaxXent(logits: Float32Array, labels: Int32Array, grad: Float32Array | null, scale: number, rows: number,
    cols: number): number;
  /** hyper: [lr, beta1, beta2, eps, weightDecay, dampening, step, nesterov, decoupled, 0]. */
  optim(kind: number, param: Float32Array, grad: Float32Array, s1: Float32Array | null, s2: Float32Array | null,
    hyper: Float64Array): void;
  // The window kernels (native/src/windows_napi.cc); geom: [n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow].
  // Array lengths must equal what geom gives; a wrong length, geometry or argmax index throws.
  im2col(x: Float32Array, geom: Float64Array, cols: Float32Array): void;
  col2im(cols: Float32Array, geom: Float64Array, dx: Float32Array): void;
  maxPool2d(x: Float32Array, geom: Float64Array, y: Float32Array, argmax: Int32Array): void;
  maxPool2dBackward(gy: Float32Array, argmax: Int32Array, dx: Float32Array): void;
  avgPool2d(x: Float32Array, geom: Float64Array, y: Float32Array): void;
  avgPool2dBackward(gy: Float32Array, geom: Float64Array, dx: Float32Array): void;
}

/** The module object the .node file exports. */
export interface NativeAddon {
  create(simd: SimdLevel, threads: number): NativeKernels;
  supported(): SimdLevel[];
}

/** Where the build puts the addon: native/build/Release under the package root. */
export function defaultAddonPath(): string {
  // This file is src/backend/native/addon.ts (vitest, tsx) or dist/backend/native/addon.js (after tsc):
  // three levels below the package root either way.
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', '..', '..', 'native', 'build', 'Release', 'descent_native.node');
}

/** Loads the addon at `path`, or returns the reason it cannot be loaded. */
export function loadAddon(path: string): NativeAddon | string {
  if (!existsSync(path)) return `the native addon is not built (no file at ${path}); run \`node native/build.mjs\``;
  try {
    const loaded: unknown = createRequire(import.meta.url)(path);
    if (!isAddon(loaded)) return `${path} is not descent's native addon (no create/supported functions)`;
    return loaded;
  } catch (error) {
    return `the native addon at ${path} failed to load: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function isAddon(value: unknown): value is NativeAddon {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['create'] === 'function' && typeof record['supported'] === 'function';
}
