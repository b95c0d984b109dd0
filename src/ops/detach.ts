import { Tensor } from '../tensor/tensor.js';

/** The same values, cut from the graph (shares x's buffer; no gradient flows through). */
export function detach(x: Tensor): Tensor {
  return new Tensor(x.data, x.shape, { backend: x.backend });
}
