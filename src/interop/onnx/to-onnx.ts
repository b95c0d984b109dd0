// A descent MLP as an ONNX model (IR version 8, opset 17): input "input" [batch, d] with a dynamic
// batch dimension, output "logits" (or "probabilities", a Softmax over the last axis, added on request).
import { modelTask } from '../../config/predict.js';
import { ConfigError } from '../../errors.js';
import { normalizeLayers, sampleShapes } from '../../nn/from-config.js';
import type { ModelRecord } from '../../nn/serialize.js';
import { sizeOf } from '../../tensor/shape.js';
import type onnxProto from 'onnx-proto';
import { GraphBuilder, onnx } from './graph-builder.js';
import { layerNodes } from './layer-nodes.js';
import { preprocessNodes } from './preprocess-nodes.js';

/** The opset and IR version written. */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;

export interface ToOnnxOptions {
  /** Append a Softmax and name the output "probabilities" (default false: "logits"). */
  probabilities?: boolean;
  /** Fold the saved input scale and preprocessing in, so that the model takes raw rows (default false). */
  rawInput?: boolean;
}

/**
 * The model as ONNX bytes: linear -> Gemm, maxout -> Gemm + Reshape + ReduceMax, batch norm ->
 * BatchNormalization (running statistics), relu/tanh/sigmoid/leakyRelu/elu -> their ops, gelu -> Erf
 * (or Tanh for approximate: 'tanh') arithmetic, dropout removed. With `rawInput`, the input scale and
 * preprocessing steps of the model's extras become Mul/Sub/MatMul nodes before the network.
 * Takes a ModelRecord or a LoadedModel (loadModel's result).
 * @throws ConfigError for an invalid layer list or a state entry missing or of the wrong size;
 * DataError for preprocessing in the extras that is not well formed (with rawInput).
 * @example
 * const bytes = toOnnx(loadModel('model.json'), { probabilities: true });
 * const session = await ort.InferenceSession.create(bytes);
 */
export function toOnnx(record: ModelRecord, options: ToOnnxOptions = {}): Uint8Array {
  const configs = normalizeLayers(record.config);
  const dtype = record.dtype ?? 'float32';
  const g = new GraphBuilder(dtype);
  const tensor = (name: string) => {
    const t = record.state[name];
    if (t === undefined) throw new ConfigError(`state.${name}`, 'missing: the architecture needs this tensor');
    if (sizeOf(t.shape) !== t.data.length) throw new ConfigError(`state.${name}`, `shape needs ${sizeOf(t.shape)} values, got ${t.data.length}`);
    return t;
  };
  let inputDim = record.inputSize;
  let h = 'input';
  if (options.rawInput === true) {
    const task = modelTask(record.extras ?? {});
    inputDim = task.preprocess?.inputDim ?? record.inputSize;
    h = preprocessNodes(g, h, task.preprocess, task.inputScale);
  }
  // An image model takes the same flat rows as `descent predict` and reshapes them to NCHW.
  const inputShape = record.inputShape ?? [record.inputSize];
  if (inputShape.length === 3) h = g.node('Reshape', [h, g.int64s('image', [-1, ...inputShape])], 'input');
  const shapes = sampleShapes(configs, inputShape);
  configs.forEach((config, index) => {
    const inShape = shapes[index]!;
    const inFeatures = inShape.reduce((a, d) => a * d, 1);
    const next = shapes[index + 1]!.reduce((a, d) => a * d, 1);
    h = layerNodes(g, h, { index, config, inFeatures, outFeatures: next, inShape, tensor });
  });
  const features = shapes.at(-1)!.reduce((a, d) => a * d, 1);
  const outputName = options.probabilities === true ? 'probabilities' : 'logits';
  if (options.probabilities === true) h = g.node('Softmax', [h], 'output', { axis: { int: -1 } });
  g.rename(h, outputName);
  const valueInfo = (name: string, width: number): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: g.elemType, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'descent',
    graph: {
      name: 'descent',
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo('input', inputDim)],
      output: [valueInfo(outputName, features)],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
