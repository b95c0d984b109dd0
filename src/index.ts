// The public surface of descent: nothing is public unless exported here.
export type { Backend, Buf, DType, Shape, MatmulOptions } from './backend/backend.js';
export { cpuBackend } from './backend/cpu/index.js';
export {
  noGrad, withGrad, isGradEnabled, defaultDtype, withDtype, defaultBackend, withBackend, setDefaultBackend,
  manualSeed, withSeed,
} from './context.js';
export * from './errors.js';
export { Tensor, type GradFn, type NestedArray, type TensorOptions } from './tensor/tensor.js';
export { tensor, zeros, ones, full, zerosLike, onesLike, arange, randn, rand, type CreateOptions, type RandomOptions } from './tensor/create.js';
export { Rng, type RngState } from './tensor/rng.js';
export { broadcastShapes, formatShape, sizeOf } from './tensor/shape.js';
export { backward } from './autograd/backward.js';
export * from './ops/index.js';
export {
  gradcheck, relativeError, verdictOf,
  type GradcheckOptions, type GradcheckReport, type GradcheckThresholds, type InputReport, type Mismatch, type Verdict,
} from './check/gradcheck.js';
