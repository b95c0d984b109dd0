export { toOnnx, ONNX_IR_VERSION, ONNX_OPSET, type ToOnnxOptions } from './to-onnx.js';
