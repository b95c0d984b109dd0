// A small builder of one ONNX graph: nodes appended in order, weights and constants as initializers
// (little-endian raw bytes), fresh value names. The protobuf messages themselves come from the
// onnx-proto package's generated code (see docs/dependencies.md).
import type { DType } from '../../backend/backend.js';
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;

type Attribute = onnxProto.onnx.IAttributeProto;

/** An attribute value: an integer, a float, or a list of integers. */
export type AttributeValue = { int: number } | { float: number } | { ints: readonly number[] };

export class GraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private count = 0;

  constructor(readonly dtype: DType) {}

  /** The TensorProto data type of the graph's floats. */
  get elemType(): number {
    return this.dtype === 'float64' ? onnx.TensorProto.DataType.DOUBLE : onnx.TensorProto.DataType.FLOAT;
  }

  /** A float initializer of the graph's dtype, named `name` (made unique). */
  constant(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const unique = `${name}_${this.count++}`;
    const size = this.dtype === 'float64' ? 8 : 4;
    const raw = new Uint8Array(values.length * size);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) {
      if (size === 8) view.setFloat64(i * 8, values[i]!, true);
      else view.setFloat32(i * 4, values[i]!, true);
    }
    this.initializers.push({ name: unique, dims: [...dims], dataType: this.elemType, rawData: raw });
    return unique;
  }

  /** A scalar constant. */
  scalar(name: string, value: number): string {
    return this.constant(name, [], [value]);
  }

  /** An int64 initializer (Reshape's shape). */
  int64s(name: string, values: readonly number[]): string {
    const unique = `${name}_${this.count++}`;
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    this.initializers.push({ name: unique, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: raw });
    return unique;
  }

  /** Appends a node and returns the name of its one output. */
  node(opType: string, inputs: readonly string[], where: string, attributes: Readonly<Record<string, AttributeValue>> = {}): string {
    const output = `${where}/${opType}_${this.count++}`;
    const attribute: Attribute[] = Object.entries(attributes).map(([name, v]) => {
      const A = onnx.AttributeProto.AttributeType;
      if ('int' in v) return { name, type: A.INT, i: v.int };
      if ('float' in v) return { name, type: A.FLOAT, f: v.float };
      return { name, type: A.INTS, ints: [...v.ints] };
    });
    this.nodes.push({ opType, input: [...inputs], output: [output], name: output, attribute });
    return output;
  }

  /** Gives the value `value` the graph output name `name` (renaming the node that makes it). */
  rename(value: string, name: string): void {
    const node = this.nodes.find((n) => n.output?.[0] === value);
    if (node === undefined) {
      this.nodes.push({ opType: 'Identity', input: [value], output: [name], name });
      return;
    }
    node.output = [name];
  }
}
