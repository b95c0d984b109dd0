// The neural-network layer library: Module, layers, init, config builder, regularizers, serialization.
export { Module, type LayerEntry, type StateDict, type TensorValues } from './module.js';
export { modelRecordOf } from './model-record.js';
export { Parameter, Buffer, type ParameterRole } from './parameter.js';
export { INIT_NAMES, initWeights, isInitName, type InitName } from './init.js';
export type { LayerOptions } from './layer-options.js';
export { Linear, linear, type LinearOptions } from './layers/linear.js';
export { Maxout, maxout, type MaxoutOptions } from './layers/maxout.js';
export { ReLU, relu } from './layers/relu.js';
export { Sigmoid, sigmoid } from './layers/sigmoid.js';
export { Tanh, tanh } from './layers/tanh.js';
export { LeakyReLU, leakyRelu } from './layers/leaky-relu.js';
export { ELU, elu } from './layers/elu.js';
export { GELU, gelu, type GeluApproximation } from './layers/gelu.js';
export { BatchNorm, batchNorm, type BatchNormOptions } from './layers/batch-norm.js';
export { Dropout, dropout } from './layers/dropout.js';
export { Conv2d, conv2d, type Conv2dLayerOptions } from './layers/conv2d.js';
export { MaxPool2d, maxPool2d } from './layers/max-pool2d.js';
export { AvgPool2d, avgPool2d } from './layers/avg-pool2d.js';
export { GlobalAvgPool, globalAvgPool } from './layers/global-avg-pool.js';
export { Flatten, flatten } from './layers/flatten.js';
export type { Pool2dLayerOptions } from './pool-options.js';
export { Sequential, sequential } from './layers/sequential.js';
export { mlp, type MlpActivation, type MlpOptions } from './mlp.js';
export {
  buildModel,
  networkDepth,
  normalizeLayers,
  type BuildModelOptions,
  type LayerConfig,
} from './from-config.js';
export {
  layerTypes,
  LAYER_TYPES,
  type LayerOptionInfo,
  type LayerTypeInfo,
  type OptionValue,
} from './layer-specs.js';
export {
  regularizationLoss,
  regularizedParameters,
  applyMaxNorm,
  type RegularizationOptions,
} from './regularizers.js';
export {
  serializeModel,
  deserializeModel,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type LoadedModel,
  type ModelRecord,
} from './serialize.js';
export { canonicalJson, type JsonObject, type JsonValue } from './canonical-json.js';
