// A descent model from an ONNX graph that is a chain of supported layers: what torch.onnx.export
// writes for an MLP (Gemm, or MatMul then Add; activations; BatchNormalization; Flatten, Dropout and
// Identity, which change nothing at inference) and what toOnnx writes. Each node must read the
// previous layer's output; anything else is refused with the op and the node named, so that no
// half-understood model is ever written.
import type { DType } from '../../backend/backend.js';
import { DataError } from '../../errors.js';
import { buildModel, type LayerConfig, normalizeLayers } from '../../nn/from-config.js';
import type { StateDict } from '../../nn/module.js';
import type { LoadedModel } from '../../nn/serialize.js';
import { Tensor } from '../../tensor/tensor.js';
import { readOnnx, type OnnxConstant, type OnnxFail, type OnnxNode } from './read-onnx.js';

/** What the importer did beyond a one-to-one mapping, for the user to know. */
export interface OnnxImport extends LoadedModel {
  /** True when a final Softmax was dropped: descent's model outputs the logits before it. */
  readonly droppedSoftmax: boolean;
}

/** The ops the importer understands, for the message about one it does not. */
export const IMPORTED_OPS = [
  'Gemm', 'MatMul', 'Add', 'Relu', 'Tanh', 'Sigmoid', 'LeakyRelu', 'Elu', 'BatchNormalization',
  'Flatten', 'Dropout', 'Identity', 'Constant', 'Softmax (last)', 'Gemm+Reshape+ReduceMax (maxout)',
  'Conv', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'Pad (of nothing)',
] as const;

const ACTIVATIONS: Readonly<Record<string, (n: OnnxNode) => LayerConfig>> = {
  Relu: () => ({ type: 'relu' }),
  Tanh: () => ({ type: 'tanh' }),
  Sigmoid: () => ({ type: 'sigmoid' }),
  LeakyRelu: (n) => ({ type: 'leakyRelu', alpha: tidy(num(n, 'alpha', 0.01)) }),
  Elu: (n) => ({ type: 'elu', alpha: tidy(num(n, 'alpha', 1)) }),
};

function num(n: OnnxNode, name: string, fallback: number): number {
  const v = n.attributes.get(name);
  return typeof v === 'number' ? v : fallback;
}

/**
 * A float attribute as the decimal it was most likely written as: ONNX stores attributes as float32,
 * so 0.1 arrives as 0.10000000149011612; the shortest decimal that rounds to the same float32 is
 * what the exporter's user wrote.
 */
function tidy(v: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const d = Number(v.toPrecision(digits));
    if (Math.fround(d) === Math.fround(v)) return d;
  }
  return v;
}

/** A layer in the making: its config and its tensors by descent parameter name. */
interface Layer {
  config: LayerConfig;
  readonly tensors: Record<string, { dims: number[]; values: Float32Array | Float64Array }>;
  /** Set for a linear layer made from MatMul, whose bias may come from the next Add. */
  readonly fromMatMul?: boolean;
  readonly output: string;
}

/** descent's (in, out) weight from a Gemm B operand ([in, out], or [out, in] with transB). */
function weightOf(b: OnnxConstant, transposed: boolean): { dims: number[]; values: Float32Array | Float64Array } {
  const [r, c] = b.dims as [number, number];
  if (!transposed) return { dims: [r, c], values: b.values };
  const out = b.values instanceof Float64Array ? new Float64Array(r * c) : new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = b.values[i * c + j]!;
  return { dims: [c, r], values: out };
}

/**
 * Rebuilds a descent model from ONNX bytes (FLOAT or DOUBLE, any opset the ops above exist in).
 * @param where.file the file name to put in error messages.
 * @throws DataError naming the file and the node (index, op, name) or initializer: bytes that are not
 * ONNX, an unsupported op, a node off the chain, a weight of the wrong shape, a non-float dtype.
 * @example const { model, config } = fromOnnx(readFileSync('mlp.onnx'), { file: 'mlp.onnx' });
 */
export function fromOnnx(bytes: Uint8Array, where: { file?: string } = {}): OnnxImport {
  const fail: OnnxFail = (location, message) => {
    throw new DataError(message, { ...(where.file === undefined ? {} : { file: where.file }), location });
  };
  const graph = readOnnx(bytes, fail);
  const constants = new Map(graph.constants);
  const integers = new Map(graph.integers);
  const dtype: DType = graph.input.dtype;
  const layers: Layer[] = [];
  let current = graph.input.name;
  let features = graph.input.dims.length === 2 ? graph.input.dims[1] ?? null : null;
  let droppedSoftmax = false;
  let flatInput: number | null = null;
  // The sample shape [C, H, W] while the data are images (null for feature vectors), and the
  // model's input shape once its first layer reads images.
  const dims = graph.input.dims;
  let image: number[] | null = dims.length === 4 && dims.slice(1).every((d) => d !== null) ? (dims.slice(1) as number[]) : null;
  let inputShape: number[] | null = null;
  const nodes = graph.nodes;

  for (const node of nodes) {
    const at = `node ${node.index} (${node.opType} '${node.name}')`;
    if (droppedSoftmax) fail(at, 'follows the Softmax: only a final Softmax can be imported (it is dropped)');
    if (node.opType === 'Constant') {
      const value = node.attributes.get('value');
      if (Array.isArray(value)) integers.set(node.outputs[0] ?? '', value as number[]);
      else if (value !== undefined && typeof value === 'object' && 'values' in value) constants.set(node.outputs[0] ?? '', value as OnnxConstant);
      else fail(at, 'a Constant without a float or INT64 tensor value');
      continue;
    }
    const data = node.inputs.filter((name) => name !== '' && !constants.has(name) && !integers.has(name));
    if (data.length !== 1 || data[0] !== current) {
      fail(at, `reads ${data.length === 0 ? 'only constants' : data.join(', ')}, not the output of the layer before (${current}): only a chain of layers can be imported`);
    }
    if (node.inputs[0] !== current) fail(at, `its first input must be the layer before's output (${current})`);
    const constant = (k: number, what: string): OnnxConstant => {
      const c = constants.get(node.inputs[k] ?? '');
      if (c === undefined) return fail(at, `input ${k} (${what}) is not a constant: only weights stored in the file can be imported`);
      if (c.dtype !== dtype) return fail(at, `${what} is ${c.dtype} but the input is ${dtype}: a model has one dtype`);
      return c;
    };
    const output = node.outputs[0] ?? '';
    const width = (n: number | null, got: number): void => {
      if (n !== null && n !== got) fail(at, `expects ${got} input features, but ${n} reach it`);
    };
    switch (node.opType) {
      case 'Gemm': {
        if (num(node, 'transA', 0) !== 0 || num(node, 'alpha', 1) !== 1 || num(node, 'beta', 1) !== 1) {
          fail(at, 'transA, alpha and beta must keep their defaults (0, 1, 1) for a linear layer');
        }
        const b = constant(1, 'B, the weight');
        if (b.dims.length !== 2) fail(at, `weight dims [${b.dims.join(', ')}], expected 2`);
        const weight = weightOf(b, num(node, 'transB', 0) !== 0);
        const [inF, outF] = weight.dims as [number, number];
        width(features, inF);
        const tensors: Layer['tensors'] = { weight };
        if (node.inputs.length > 2 && node.inputs[2] !== '') {
          const c = constant(2, 'C, the bias');
          if (c.values.length !== outF || c.dims.length > 2 || (c.dims.length === 2 && c.dims[0] !== 1)) {
            fail(at, `bias dims [${c.dims.join(', ')}], expected [${outF}]`);
          }
          tensors['bias'] = { dims: [outF], values: c.values };
        }
        layers.push({ config: { type: 'linear', units: outF, bias: 'bias' in tensors }, tensors, output });
        features = outF;
        break;
      }
      case 'MatMul': {
        const b = constant(1, 'the weight');
        if (b.dims.length !== 2) fail(at, `weight dims [${b.dims.join(', ')}], expected 2 (a linear layer)`);
        const weight = weightOf(b, false);
        width(features, weight.dims[0]!);
        layers.push({ config: { type: 'linear', units: weight.dims[1]!, bias: false }, tensors: { weight }, fromMatMul: true, output });
        features = weight.dims[1]!;
        break;
      }
      case 'Add': {
        const last = layers.at(-1);
        if (last?.fromMatMul !== true || last.output !== current || 'bias' in last.tensors) {
          fail(at, 'an Add is imported only as the bias of the MatMul just before it');
        }
        const c = constant(1, 'the bias');
        if (c.values.length !== features || c.dims.length > 2) fail(at, `bias dims [${c.dims.join(', ')}], expected [${String(features)}]`);
        last!.tensors['bias'] = { dims: [features!], values: c.values };
        last!.config = { ...last!.config, bias: true };
        break;
      }
      case 'BatchNormalization': {
        const parts = [['gamma', 'scale'], ['beta', 'B'], ['runningMean', 'input_mean'], ['runningVar', 'input_var']] as const;
        const tensors: Layer['tensors'] = {};
        parts.forEach(([name, what], k) => {
          const c = constant(k + 1, what);
          const n = image === null ? features : image[0]!;
          if (c.dims.length !== 1 || (n !== null && c.values.length !== n)) {
            fail(at, `${what} dims [${c.dims.join(', ')}], expected [${String(n)}]`);
          }
          tensors[name] = { dims: [c.values.length], values: c.values };
        });
        if (num(node, 'training_mode', 0) !== 0) fail(at, 'training_mode is set: export the model in eval mode');
        if (image === null) features = tensors['gamma']!.dims[0]!;
        // ONNX's momentum weighs the old running value (default 0.9); descent's weighs the new batch.
        const momentum = tidy(1 - tidy(num(node, 'momentum', 0.9)));
        layers.push({ config: { type: 'batchNorm', eps: tidy(num(node, 'epsilon', 1e-5)), momentum }, tensors, output });
        break;
      }
      case 'Flatten': {
        if (num(node, 'axis', 1) !== 1) fail(at, 'only axis 1 (keep the batch) can be imported');
        const sample = graph.input.dims.slice(1);
        if (image !== null && inputShape !== null) {
          layers.push({ config: { type: 'flatten' }, tensors: {}, output });
          features = image.reduce((a, d) => a * d, 1);
          image = null;
        } else if (layers.length === 0 && sample.length > 1) {
          // An MLP over images: its rows are the flattened images.
          if (sample.some((d) => d === null)) fail(at, `flattens an input of dims [${graph.input.dims.join(', ')}] whose sample size is not stated`);
          features = sample.reduce<number>((a, d) => a * d!, 1);
          flatInput = features;
          image = null;
        }
        break;
      }
      case 'Reshape': {
        const target = integers.get(node.inputs[1] ?? '');
        if (layers.length === 0 && image === null && target !== undefined && target.length === 4 && target[0] === -1 && target.slice(1).every((d) => d >= 1)) {
          // toOnnx's image model: flat rows reshaped to NCHW.
          if (features !== null && target.slice(1).reduce((a, d) => a * d, 1) !== features) fail(at, `reshapes ${features} inputs to [${target.join(', ')}]`);
          image = target.slice(1);
          break;
        }
        // toOnnx's maxout: Gemm to units * pieces columns, Reshape to (N, units, pieces), ReduceMax.
        const shape = integers.get(node.inputs[1] ?? '');
        const last = layers.at(-1);
        const next = nodes[node.index + 1];
        if (shape === undefined || shape.length !== 3 || last?.config.type !== 'linear' || last.output !== current || next?.opType !== 'ReduceMax') {
          fail(at, `a Reshape is imported only as part of a maxout (Gemm, Reshape to [-1, units, pieces], ReduceMax)`);
        }
        const [, units, pieces] = shape as [number, number, number];
        if (units * pieces !== features || !(pieces >= 2)) fail(at, `shape [${shape!.join(', ')}] does not split ${String(features)} columns into units and pieces`);
        if (!('bias' in last!.tensors)) fail(at, 'a maxout needs the bias input of its Gemm');
        last!.config = { type: 'maxout', units, pieces };
        features = units;
        break;
      }
      case 'ReduceMax': {
        const axes = node.attributes.get('axes');
        const before = nodes[node.index - 1];
        if (before?.opType !== 'Reshape' || !Array.isArray(axes) || axes.length !== 1 || axes[0] !== 2 || num(node, 'keepdims', 1) !== 0) {
          fail(at, 'a ReduceMax is imported only as the end of a maxout (axes [2], keepdims 0, after its Reshape)');
        }
        break;
      }
      case 'Dropout':
      case 'Identity':
        break;
      case 'Pad': {
        // PyTorch writes an AvgPool2d as a Pad (of zeros, here) and the pool.
        const pads = integers.get(node.inputs[1] ?? '');
        const mode = node.attributes.get('mode');
        if (pads === undefined || pads.some((p) => p !== 0) || (mode !== undefined && mode !== 'constant')) {
          fail(at, `a Pad is imported only when it pads nothing (pads [${(pads ?? []).join(', ')}]); give the pool or convolution its padding instead`);
        }
        break;
      }
      case 'Softmax':
        droppedSoftmax = true;
        break;
      case 'Conv':
      case 'MaxPool':
      case 'AveragePool':
      case 'GlobalAveragePool': {
        if (image === null) fail(at, `a ${node.opType} needs images (N, C, H, W), but feature vectors reach it`);
        inputShape ??= [...image!];
        const made = imageLayer(node, at, image!, (k, what) => constant(k, what), fail);
        layers.push({ ...made, output });
        image = made.shape.length === 3 ? made.shape : null;
        features = made.shape.length === 1 ? made.shape[0]! : null;
        break;
      }
      default: {
        const activation = ACTIVATIONS[node.opType];
        if (activation === undefined) {
          fail(at, `op ${node.opType} is not supported; descent imports ${IMPORTED_OPS.join(', ')}`);
        }
        layers.push({ config: activation!(node), tensors: {}, output });
      }
    }
    current = output;
  }
  if (current !== graph.output) fail('graph.output', `the graph's output ${graph.output} is not the last node's output ${current}`);
  const inputSize = inputShape !== null ? 0 : flatInput ?? (graph.input.dims.length === 2 && graph.input.dims[1] !== null ? graph.input.dims[1]! : firstWidth(layers));
  if (inputSize === null && inputShape === null) fail('graph.input', 'the input size is not stated, and no layer has a weight that says it');
  const configs = normalizeLayers(layers.map((l) => l.config));
  const state: StateDict = {};
  layers.forEach((l, i) => {
    for (const [name, t] of Object.entries(l.tensors)) state[`layers.${i}.${name}`] = new Tensor(t.values, t.dims);
  });
  const shape = inputShape === null ? {} : { inputShape };
  const size = inputShape === null ? inputSize! : inputShape.reduce((a, d) => a * d, 1);
  const model = buildModel(configs, { inputSize: size, dtype, ...shape });
  model.loadStateDict(state);
  return { model: model.eval(), config: configs, inputSize: size, dtype, state, extras: {}, droppedSoftmax, ...shape };
}

/** The ints of attribute `name`, or `fallback`. */
function ints(n: OnnxNode, name: string, fallback: number[]): number[] {
  const v = n.attributes.get(name);
  return Array.isArray(v) ? (v as number[]) : fallback;
}

/** The one value of a pair attribute that must be square (descent's config form), or a failure. */
function square(values: readonly number[], what: string, at: string, fail: OnnxFail): number {
  if (values.length !== 2 || values[0] !== values[1]) fail(at, `${what} [${values.join(', ')}]: descent's image layers take the same value for height and width`);
  return values[0]!;
}

const windowOut = (n: number, k: number, s: number, before: number, after: number, d = 1): number => Math.floor((n + before + after - d * (k - 1) - 1) / s) + 1;

/** A Conv, MaxPool, AveragePool or GlobalAveragePool node as a layer, with the sample shape after it. */
function imageLayer(
  node: OnnxNode, at: string, shape: readonly number[],
  constant: (k: number, what: string) => OnnxConstant, fail: OnnxFail,
): { config: LayerConfig; tensors: Layer['tensors']; shape: number[] } {
  const [c, h, w] = shape as [number, number, number];
  if (node.opType === 'GlobalAveragePool') return { config: { type: 'globalAvgPool' }, tensors: {}, shape: [c] };
  const autoPad = node.attributes.get('auto_pad');
  if (typeof autoPad === 'string' && autoPad !== 'NOTSET') fail(at, `auto_pad ${autoPad}: export with explicit pads`);
  if (node.opType === 'Conv') {
    const weight = constant(1, 'W, the filters');
    if (weight.dims.length !== 4 || weight.dims[1] !== c) fail(at, `filters of dims [${weight.dims.join(', ')}] for ${c} input channels`);
    if (num(node, 'group', 1) !== 1) fail(at, 'grouped convolution (group > 1) has no descent layer');
    const [f, , kh, kw] = weight.dims as [number, number, number, number];
    const k = square([kh, kw], 'kernel', at, fail);
    const s = square(ints(node, 'strides', [1, 1]), 'strides', at, fail);
    const d = square(ints(node, 'dilations', [1, 1]), 'dilations', at, fail);
    const [pt, pl, pb, pr] = ints(node, 'pads', [0, 0, 0, 0]) as [number, number, number, number];
    const total = d * (k - 1);
    const same = s === 1 && pt === pl && pb === pr && pt === Math.floor(total / 2) && pb === total - pt;
    if (!(pt === pl && pt === pb && pt === pr) && !same) fail(at, `pads [${[pt, pl, pb, pr].join(', ')}]: descent pads every side alike, or as 'same'`);
    const tensors: Layer['tensors'] = { weight: { dims: [...weight.dims], values: weight.values } };
    if (node.inputs.length > 2 && node.inputs[2] !== '') {
      const b = constant(2, 'B, the bias');
      if (b.values.length !== f) fail(at, `bias of ${b.values.length} values for ${f} filters`);
      tensors['bias'] = { dims: [f], values: b.values };
    }
    const padding = pt === pb ? pt : 'same';
    const config: LayerConfig = { type: 'conv2d', filters: f, kernel: k, stride: s, padding, dilation: d, bias: 'bias' in tensors };
    return { config, tensors, shape: [f, windowOut(h, k, s, pt, pb, d), windowOut(w, k, s, pl, pr, d)] };
  }
  const k = square(ints(node, 'kernel_shape', []), 'kernel_shape', at, fail);
  const s = square(ints(node, 'strides', [1, 1]), 'strides', at, fail);
  const pads = ints(node, 'pads', [0, 0, 0, 0]);
  if (!pads.every((p) => p === pads[0])) fail(at, `pads [${pads.join(', ')}]: descent pads every side alike`);
  if (num(node, 'ceil_mode', 0) !== 0) fail(at, 'ceil_mode 1: descent rounds window counts down');
  if (ints(node, 'dilations', [1, 1]).some((d) => d !== 1)) fail(at, 'a dilated pool has no descent layer');
  const p = pads[0] ?? 0;
  if (node.opType === 'AveragePool' && num(node, 'count_include_pad', 0) !== 1 && p !== 0) {
    fail(at, 'count_include_pad 0 with padding: descent\'s average pool counts the padding (count_include_pad 1)');
  }
  const type = node.opType === 'MaxPool' ? 'maxPool2d' : 'avgPool2d';
  return { config: { type, size: k, stride: s, padding: p }, tensors: {}, shape: [c, windowOut(h, k, s, p, p), windowOut(w, k, s, p, p)] };
}

/** The input width of the first layer with a weight, when the graph input does not state it. */
function firstWidth(layers: readonly Layer[]): number | null {
  for (const l of layers) {
    const w = l.tensors['weight'] ?? l.tensors['gamma'];
    if (w !== undefined) return w.dims[0]!;
  }
  return null;
}
