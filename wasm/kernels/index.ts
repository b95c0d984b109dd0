// Entry of the kernel module: every export here is a kernel the JS side calls.
export { gemm, gemmRange, gemmScratch } from './gemm';
export {
  activationBackward, adamUpdate, add, biasActivation, momentumUpdate, mul, relu, sgdUpdate, softmaxCrossEntropy,
} from './fused';
export { binary, unary } from './elementwise';
export { reduceCols, reduceRows } from './reduce';
export { adagradUpdate, rmspropUpdate } from './optim';
export { logSoftmax, softmax } from './softmax';
export { avgPool2d, avgPool2dBackward, col2im, im2col, maxPool2d, maxPool2dBackward } from './windows';

/** The first byte after the module's static data (libm's tables): the JS side places operands from here on. */
export function heapBase(): usize { return __heap_base; }
