// Chainable methods on Tensor (x.add(y).relu().sum().backward()). They live here, not in tensor/,
// because tensor/ sits below ops/ and autograd/ and may not import them.
import type { DType, Shape } from '../backend/backend.js';
import { backward } from '../autograd/backward.js';
import { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { cast } from './cast.js';
import { mean } from './composites/mean.js';
import { transpose } from './composites/transpose.js';
import { detach } from './detach.js';
import { div } from './div.js';
import { exp } from './exp.js';
import type { TensorLike } from './helpers.js';
import { log } from './log.js';
import { logSoftmax } from './log-softmax.js';
import { matmul, type MatmulFlags } from './matmul.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { pow } from './pow.js';
import { relu } from './relu.js';
import { reshape } from './reshape.js';
import { sigmoid } from './sigmoid.js';
import { softmax } from './softmax.js';
import { sqrt } from './sqrt.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { tanh } from './tanh.js';
import { abs } from './abs.js';

type Axis = number | readonly number[];

declare module '../tensor/tensor.js' {
  interface Tensor {
    add(other: TensorLike): Tensor;
    sub(other: TensorLike): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike): Tensor;
    pow(exponent: TensorLike): Tensor;
    neg(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    relu(): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    sum(axis?: Axis, keepdim?: boolean): Tensor;
    mean(axis?: Axis, keepdim?: boolean): Tensor;
    max(axis?: Axis, keepdim?: boolean): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
    matmul(other: Tensor, flags?: MatmulFlags): Tensor;
    reshape(shape: Shape): Tensor;
    transpose(axis0?: number, axis1?: number): Tensor;
    /** The transpose (axes reversed). */
    readonly T: Tensor;
    detach(): Tensor;
    to(dtype: DType): Tensor;
    /** Backpropagates from this tensor: fills `.grad` of the leaves that require grad. */
    backward(gradOut?: Tensor): void;
  }
}

const p = Tensor.prototype;
p.add = function (o) { return add(this, o); };
p.sub = function (o) { return sub(this, o); };
p.mul = function (o) { return mul(this, o); };
p.div = function (o) { return div(this, o); };
p.pow = function (e) { return pow(this, e); };
p.neg = function () { return neg(this); };
p.exp = function () { return exp(this); };
p.log = function () { return log(this); };
p.sqrt = function () { return sqrt(this); };
p.abs = function () { return abs(this); };
p.relu = function () { return relu(this); };
p.sigmoid = function () { return sigmoid(this); };
p.tanh = function () { return tanh(this); };
p.sum = function (axis, keepdim) { return sum(this, axis, keepdim); };
p.mean = function (axis, keepdim) { return mean(this, axis, keepdim); };
p.max = function (axis, keepdim) { return max(this, axis, keepdim); };
p.softmax = function (axis) { return softmax(this, axis); };
p.logSoftmax = function (axis) { return logSoftmax(this, axis); };
p.matmul = function (o, flags) { return matmul(this, o, flags); };
p.reshape = function (shape) { return reshape(this, shape); };
p.transpose = function (a0, a1) { return transpose(this, a0, a1); };
Object.defineProperty(p, 'T', { get(this: Tensor) { return transpose(this); } });
p.detach = function () { return detach(this); };
p.to = function (dtype) { return cast(this, dtype); };
p.backward = function (gradOut) { backward(this, gradOut); };
