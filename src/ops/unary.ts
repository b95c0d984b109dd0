// The shared forward of elementwise unary ops: allocate a result like x and run the kernel.
import type { Backend, Buf } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { emptyFor } from './helpers.js';

export function mapUnary(x: Tensor, kernel: (k: Backend, x: Buf, out: Buf) => void): Tensor {
  const out = emptyFor(x.shape, x);
  kernel(x.backend, x.data, out.data);
  return out;
}
