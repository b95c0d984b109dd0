// Image models through ONNX: a descent convnet exported and run by onnxruntime-node gives descent's
// outputs on the same flat rows, and reads back (fromOnnx) to the same layers and bitwise weights.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { noGrad } from '../../src/context.js';
import { fromOnnx } from '../../src/interop/onnx/from-onnx.js';
import { toOnnx } from '../../src/interop/onnx/to-onnx.js';
import { IMAGE_CASES as CASES, IMAGE_SHAPE as SHAPE, imageModel as saved } from './onnx-cases.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

const N = 5;

const rows = (): Float32Array => {
  const rng = new Rng(9);
  return Float32Array.from({ length: N * 72 }, () => rng.uniform() * 2 - 1);
};

describe('image models through ONNX', () => {
  it.each(CASES)('%s: onnxruntime gives descent\'s outputs within 1e-5, and the model reads back bitwise', async (_name, layers) => {
    const loaded = saved(layers);
    const x = rows();
    const ours = Array.from(noGrad(() => loaded.model.forward(new Tensor(x, [N, 72]))).data);
    const bytes = toOnnx(loaded);
    const session = await ort.InferenceSession.create(bytes);
    const theirs = Array.from((await session.run({ input: new ort.Tensor('float32', x, [N, 72]) }))['logits']!.data as Float32Array);
    expect(theirs).toHaveLength(ours.length);
    expect(Math.max(...theirs.map((v, i) => Math.abs(v - ours[i]!) / Math.max(1, Math.abs(ours[i]!))))).toBeLessThanOrEqual(1e-5);
    const back = fromOnnx(bytes);
    expect(back.inputShape).toEqual(SHAPE);
    expect(back.config).toEqual(loaded.config.map((c) => { const { init: _i, ...rest } = c as Record<string, unknown>; return expect.objectContaining(rest); }));
    for (const [name, t] of Object.entries(loaded.state)) expect(Array.from(back.state[name]!.data)).toEqual(Array.from(t.data));
  });
});
