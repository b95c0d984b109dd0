// The Tensor: plain data (shape, dtype, a contiguous row-major typed array) plus the autograd
// fields. Math lives in ops/, which also installs the chainable methods (x.add(y), loss.backward()).
import type { Backend, Buf, DType, Shape } from '../backend/backend.js';
import { activeBufferPool, defaultBackend } from '../context.js';
import { ShapeError } from '../errors.js';
import { checkShape, formatShape, sizeOf } from './shape.js';

/** How an op's result sends its gradient back to the op's inputs (set by ops, read by backward). */
export interface GradFn {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Gradients w.r.t. each input (null where an input needs none), given the gradient of the output. */
  backward(gradOut: Tensor): readonly (Tensor | null)[];
}

/** Nested number arrays, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | NestedArray[];

export interface TensorOptions {
  requiresGrad?: boolean;
  backend?: Backend;
}

/**
 * An n-dimensional array of float32 or float64, contiguous and row-major, that can record the ops
 * applied to it for reverse-mode differentiation.
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad?.toArray(); //=> [[2, 4], [6, 8]]
 */
export class Tensor {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly data: Buf;
  readonly backend: Backend;
  /** True when backward() should compute this tensor's gradient. */
  requiresGrad: boolean;
  /** The accumulated gradient, filled by backward() on leaves that require grad. */
  grad: Tensor | null = null;
  /** The op that produced this tensor; null for leaves (created by the user). */
  gradFn: GradFn | null = null;

  constructor(data: Buf, shape: Shape, options: TensorOptions = {}) {
    checkShape(shape, 'Tensor');
    if (sizeOf(shape) !== data.length) {
      throw new ShapeError(`Tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} elements, got ${data.length}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = data instanceof Float64Array ? 'float64' : 'float32';
    this.backend = options.backend ?? defaultBackend();
    this.requiresGrad = options.requiresGrad ?? false;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** True for tensors the user created (not the result of an op). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: needs a tensor with one element, got shape ${formatShape(this.shape)}`);
    return this.data[0]!;
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.shape.length) return this.data[offset]!;
      const step = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis]! }, (_, i) => build(axis + 1, offset + i * step));
    };
    return build(0, 0);
  }

  /** The values as a flat array of numbers. */
  toFlatArray(): number[] {
    return Array.from(this.data);
  }

  /** A no-op today; the hook a GPU backend needs to free device memory early. */
  dispose(): void {}

  toString(): string {
    const values = this.size <= 20 ? JSON.stringify(this.toArray()) : `[${this.size} values]`;
    return `Tensor(${this.dtype}, ${formatShape(this.shape)}, ${values})`;
  }
}

/** A zero-filled buffer of the given dtype and length; inside a training step, from its BufferPool. */
export function allocBuf(dtype: DType, n: number): Buf {
  const pool = activeBufferPool();
  if (pool !== null) return pool.alloc(dtype, n);
  return newBuf(dtype, n);
}

/**
 * A buffer whose every element the caller overwrites before reading any: allocBuf without the
 * zeroing of a reused buffer (a new one is still zero-filled).
 */
export function scratchBuf(dtype: DType, n: number): Buf {
  const pool = activeBufferPool();
  if (pool !== null) return pool.alloc(dtype, n, false);
  return newBuf(dtype, n);
}

/** An Int32Array of n indices that the caller fills; inside a training step, from its BufferPool. */
export function indexBuf(n: number): Int32Array {
  return activeBufferPool()?.allocIndices(n) ?? new Int32Array(n);
}

/**
 * A new zero-filled buffer, never from a pool: where the default backend offers storage its kernels
 * use without copying (Backend.alloc, e.g. the wasm backend's memory), there while it has room, else
 * a plain typed array.
 */
export function newBuf(dtype: DType, n: number): Buf {
  return defaultBackend().alloc?.(dtype, n) ?? (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
}
