// Exchange formats: descent models to and from files other tools read.
export { toSafetensors } from './to-safetensors.js';
export { fromSafetensors } from './from-safetensors.js';
export { readSafetensors, type SafetensorsEntry, type SafetensorsFile } from './read-safetensors.js';
export { toOnnx, fromOnnx, ONNX_IR_VERSION, ONNX_OPSET, type ToOnnxOptions, type OnnxImport } from './onnx/index.js';
