// Reads an ONNX model from untrusted bytes into plain, checked pieces: the nodes in order, the
// constant tensors (initializers and Constant nodes) with their values, and the graph's input and
// output. The protobuf decoder bounds every length by the bytes it was given; on top of that each
// tensor's dims are checked against the bytes it carries before any array of that size is made.
import type { DType } from '../../backend/backend.js';
import type onnxProto from 'onnx-proto';
import { onnx } from './graph-builder.js';

type Long = { toNumber(): number };
type Int = number | Long | null | undefined;

/** A tensor of the graph with known values. */
export interface OnnxConstant {
  readonly dims: readonly number[];
  readonly dtype: DType;
  readonly values: Float32Array | Float64Array;
}

/** A node's attribute, reduced to what the supported ops use. */
export type OnnxAttribute = number | readonly number[] | string | OnnxConstant;

/** One node, with its place in the graph for messages. */
export interface OnnxNode {
  readonly index: number;
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, OnnxAttribute>;
}

/** A decoded and checked ONNX graph. */
export interface OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  readonly constants: ReadonlyMap<string, OnnxConstant>;
  /** INT64 initializers (shapes and axes), by name. */
  readonly integers: ReadonlyMap<string, readonly number[]>;
  /** The one data input (not an initializer) and its dims; a dynamic dimension is null. */
  readonly input: { readonly name: string; readonly dims: readonly (number | null)[]; readonly dtype: DType };
  readonly output: string;
  readonly opset: number;
}

/** Where a message points: the file and a place in it. */
export type OnnxFail = (location: string, message: string) => never;

const FLOAT = 1;
const INT64 = 7;
const DOUBLE = 11;
/** INT64 tensors are shapes and axes here: a few values, never weights. */
const MAX_INTEGERS = 64;
const TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64', 8: 'STRING', 9: 'BOOL',
  10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 16: 'BFLOAT16',
};

function toInt(v: Int): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

function dtypeOf(elemType: number, where: string, fail: OnnxFail): DType {
  if (elemType === FLOAT) return 'float32';
  if (elemType === DOUBLE) return 'float64';
  return fail(where, `element type ${TYPE_NAMES[elemType] ?? String(elemType)}: expected FLOAT (float32) or DOUBLE (float64)`);
}

/** A tensor's values, after checking its dims against the bytes or numbers it carries. */
function constantOf(t: onnxProto.onnx.ITensorProto, where: string, fail: OnnxFail): OnnxConstant {
  const dtype = dtypeOf(t.dataType ?? 0, where, fail);
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    return fail(where, 'its values are in an external file; export with the weights inside the .onnx file');
  }
  const dims = (t.dims ?? []).map(toInt);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) return fail(where, `dims [${dims.join(', ')}] are not sizes`);
  const size = dtype === 'float64' ? 8 : 4;
  const raw = t.rawData ?? new Uint8Array(0);
  const listed = dtype === 'float64' ? (t.doubleData ?? []) : (t.floatData ?? []);
  const have = raw.length > 0 ? raw.length / size : listed.length;
  // The product is compared step by step, so a claimed size beyond the data stops here.
  let count = 1;
  for (const d of dims) {
    count *= d;
    if (count > have) break;
  }
  if (count !== have) {
    const carried = raw.length > 0 ? `${raw.length} bytes` : `${listed.length} values`;
    return fail(where, `dims [${dims.join(', ')}] need ${dims.reduce((a, d) => a * d, 1)} values, but the tensor carries ${carried}`);
  }
  const values = dtype === 'float64' ? new Float64Array(count) : new Float32Array(count);
  if (raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) values[i] = size === 8 ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true);
  } else {
    for (let i = 0; i < count; i++) values[i] = listed[i]!;
  }
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(values[i]!)) return fail(where, `holds ${values[i]} at index ${i}: the weights are not finite numbers`);
  }
  return { dims, dtype, values };
}

/** An INT64 tensor's values (a Reshape's shape), at most MAX_INTEGERS of them. */
function integersOf(t: onnxProto.onnx.ITensorProto, where: string, fail: OnnxFail): number[] {
  const raw = t.rawData ?? new Uint8Array(0);
  const count = raw.length > 0 ? raw.length / 8 : (t.int64Data ?? []).length;
  const claimed = (t.dims ?? []).map(toInt).reduce((a, d) => a * d, 1);
  if (!Number.isInteger(count) || count !== claimed) return fail(where, `dims [${(t.dims ?? []).map(toInt).join(', ')}] disagree with the ${raw.length > 0 ? `${raw.length} bytes` : `${count} values`} it carries`);
  if (count > MAX_INTEGERS) return fail(where, `${count} INT64 values: more than the ${MAX_INTEGERS} a shape needs, and descent has no integer weights`);
  if (raw.length === 0) return (t.int64Data ?? []).map(toInt);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: count }, (_, i) => Number(view.getBigInt64(i * 8, true)));
}

function attributesOf(node: onnxProto.onnx.INodeProto, where: string, fail: OnnxFail): Map<string, OnnxAttribute> {
  const out = new Map<string, OnnxAttribute>();
  const A = onnx.AttributeProto.AttributeType;
  for (const a of node.attribute ?? []) {
    const name = a.name ?? '';
    switch (a.type) {
      case A.INT: out.set(name, toInt(a.i)); break;
      case A.FLOAT: out.set(name, a.f ?? 0); break;
      case A.INTS: out.set(name, (a.ints ?? []).map(toInt)); break;
      case A.FLOATS: out.set(name, [...(a.floats ?? [])]); break;
      case A.STRING: out.set(name, new TextDecoder().decode(a.s ?? new Uint8Array(0))); break;
      case A.TENSOR: {
        const t = a.t ?? {};
        const at = `${where}, attribute ${name}`;
        out.set(name, t.dataType === INT64 ? integersOf(t, at, fail) : constantOf(t, at, fail));
        break;
      }
      default: break; // graphs, sparse tensors: no supported op reads them
    }
  }
  return out;
}

/**
 * Decodes ONNX `bytes` and checks what the importer relies on: one graph with one data input of a
 * float type and one output, and every initializer's values.
 * @throws DataError through `fail` for bytes that are not an ONNX model (truncated, corrupted), an
 * element type other than FLOAT/DOUBLE, or dims that disagree with a tensor's data.
 */
export function readOnnx(bytes: Uint8Array, fail: OnnxFail): OnnxGraph {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail('offset 0', `not an ONNX model, or a damaged one (${detail}): the file may be truncated`);
  }
  const graph = model.graph;
  if (graph === null || graph === undefined || (graph.node ?? []).length === 0) {
    return fail('graph', 'no graph with nodes: not an ONNX model, or an empty one');
  }
  const opset = toInt((model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')?.version);
  const constants = new Map<string, OnnxConstant>();
  const integers = new Map<string, readonly number[]>();
  for (const t of graph.initializer ?? []) {
    const where = `initializer ${t.name ?? '?'}`;
    if (t.dataType === INT64) integers.set(t.name ?? '', integersOf(t, where, fail));
    else constants.set(t.name ?? '', constantOf(t, where, fail));
  }
  const inputs = (graph.input ?? []).filter((v) => !constants.has(v.name ?? '') && !integers.has(v.name ?? ''));
  if (inputs.length !== 1) {
    return fail('graph.input', `${inputs.length} data inputs (${inputs.map((v) => v.name).join(', ')}): a descent model takes one`);
  }
  const input = inputs[0]!;
  const tensorType = input.type?.tensorType;
  const inputDtype = dtypeOf(tensorType?.elemType ?? 0, `graph input ${input.name ?? '?'}`, fail);
  const dims = (tensorType?.shape?.dim ?? []).map((d) => (d.dimValue === null || d.dimValue === undefined ? null : toInt(d.dimValue) || null));
  const outputs = graph.output ?? [];
  if (outputs.length !== 1) return fail('graph.output', `${outputs.length} outputs: a descent model has one`);
  const nodes = (graph.node ?? []).map((n, index): OnnxNode => {
    const where = `node ${index} (${n.opType ?? '?'} '${n.name ?? ''}')`;
    return {
      index,
      opType: n.opType ?? '',
      name: n.name ?? '',
      inputs: n.input ?? [],
      outputs: n.output ?? [],
      attributes: attributesOf(n, where, fail),
    };
  });
  return { nodes, constants, integers, input: { name: input.name ?? '', dims, dtype: inputDtype }, output: outputs[0]!.name ?? '', opset };
}
