export { toOnnx, ONNX_IR_VERSION, ONNX_OPSET, type ToOnnxOptions } from './to-onnx.js';
export { fromOnnx, IMPORTED_OPS, type OnnxImport } from './from-onnx.js';
