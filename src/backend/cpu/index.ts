// The CPU backend: plain TypeScript over Float32Array / Float64Array. It is the reference, the
// float64 path and the fallback for every faster backend.
import type { Backend } from '../backend.js';
import * as ew from './elementwise.js';
import { cpuFused } from './fused.js';
import { matmul } from './matmul.js';
import { gather, permute, scatterAdd, slice, sliceAdd } from './movement.js';
import { max, sum } from './reduce.js';
import { logSoftmax, softmax } from './softmax.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool2d.js';
import { col2im, im2col } from './window.js';

export const cpuBackend: Backend = {
  name: 'cpu',
  neg: ew.neg,
  exp: ew.exp,
  log: ew.log,
  sqrt: ew.sqrt,
  abs: ew.abs,
  sign: ew.sign,
  sigmoid: ew.sigmoid,
  tanh: ew.tanh,
  relu: ew.relu,
  leakyRelu: ew.leakyRelu,
  clamp: ew.clamp,
  powScalar: ew.powScalar,
  scale: ew.scale,
  add: ew.add,
  sub: ew.sub,
  mul: ew.mul,
  div: ew.div,
  pow: ew.pow,
  maximum: ew.maximum,
  minimum: ew.minimum,
  greater: ew.greater,
  equal: ew.equal,
  where: ew.where,
  sum,
  max,
  matmul,
  softmax,
  logSoftmax,
  permute,
  slice,
  sliceAdd,
  gather,
  scatterAdd,
  fill: ew.fill,
  im2col,
  col2im,
  maxPool2d,
  maxPool2dBackward,
  avgPool2d,
  avgPool2dBackward,
  ...cpuFused,
};
