// descent's safetensors files read by Hugging Face's own parser (@huggingface/hub's
// parseSafetensorsMetadata, the code the Hub runs to list a model's tensors), served the file through
// its `fetch` option with HTTP Range replies as the Hub would. The names, dtypes and shapes it reports
// are checked against the PyTorch nn.Sequential layout written out here, and the bytes at the offsets
// it reports against the weights worked out by hand (a linear weight [in, out] stored as [out, in]).
import { parseSafetensorsMetadata } from '@huggingface/hub';
import { describe, expect, it } from 'vitest';
import { toSafetensors } from '../../src/interop/to-safetensors.js';
import type { ModelRecord } from '../../src/nn/serialize.js';

/** A fetch that serves `bytes` as the one file of a model repository, honouring Range requests. */
function serve(bytes: Uint8Array): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('/model.safetensors')) return new Response('not found', { status: 404 });
    const range = new Headers(init?.headers).get('Range');
    const m = range === null ? null : /^bytes=(\d+)-(\d+)$/.exec(range);
    // The Hub names each file version by its ETag; the client requires one.
    const etag = { ETag: '"descent-test"' };
    if (m === null) return new Response(bytes.slice(), { status: 200, headers: etag });
    const from = Number(m[1]);
    const to = Math.min(Number(m[2]), bytes.length - 1);
    return new Response(bytes.slice(from, to + 1), { status: 206, headers: { ...etag, 'Content-Range': `bytes ${from}-${to}/${bytes.length}` } });
  };
}

// A convnet and a dense head: conv2d 2 -> 3 filters of 2x2 over 2x3x3 images, batch norm over its
// channels, relu, flatten, linear 12 -> 2. Every value is its position, so the layout shows.
const seq = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => from + i);
const record: ModelRecord = {
  config: [
    { type: 'conv2d', filters: 3, kernel: 2 }, { type: 'batchNorm' }, 'relu', 'flatten', { type: 'linear', units: 2 },
  ],
  inputSize: 18,
  inputShape: [2, 3, 3],
  state: {
    'layers.0.weight': { shape: [3, 2, 2, 2], data: seq(24) },
    'layers.0.bias': { shape: [3], data: [0.5, -0.5, 1.5] },
    'layers.1.gamma': { shape: [3], data: [1, 2, 3] },
    'layers.1.beta': { shape: [3], data: [-1, 0, 1] },
    'layers.1.runningMean': { shape: [3], data: [0.25, 0.5, 0.75] },
    'layers.1.runningVar': { shape: [3], data: [1, 4, 9] },
    // descent's linear weight is [in 12, out 2]: row i holds (i + 1, -(i + 1)).
    'layers.4.weight': { shape: [12, 2], data: seq(12).flatMap((v) => [v, -v]) },
    'layers.4.bias': { shape: [2], data: [0.125, -0.125] },
  },
};

describe('safetensors from descent, read by @huggingface/hub', () => {
  it('reports the PyTorch names, dtypes and shapes, and the bytes at its offsets are the weights in PyTorch layout', async () => {
    const bytes = toSafetensors(record);
    const info = await parseSafetensorsMetadata({
      repo: { type: 'model', name: 'descent/convnet' }, path: 'model.safetensors', computeParametersCount: true,
      hubUrl: 'https://hub.invalid', fetch: serve(bytes),
    });
    expect(info.sharded).toBe(false);
    if (info.sharded) return;
    const { __metadata__: metadata, ...tensors } = info.header;
    expect(metadata).toMatchObject({ format: 'pt', 'descent.inputShape': '[2,3,3]' });
    expect(Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, [v.dtype, v.shape]]))).toEqual({
      '0.weight': ['F32', [3, 2, 2, 2]],
      '0.bias': ['F32', [3]],
      '1.weight': ['F32', [3]],
      '1.bias': ['F32', [3]],
      '1.running_mean': ['F32', [3]],
      '1.running_var': ['F32', [3]],
      '1.num_batches_tracked': ['I64', []],
      '4.weight': ['F32', [2, 12]],
      '4.bias': ['F32', [2]],
    });
    // 24 + 3 + 4 x 3 + 24 + 2 floats (the scalar counter is not a parameter to the Hub).
    expect(info.parameterCount).toEqual({ F32: 65 });
    const start = 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const at = (name: string): number[] => {
      const [b, e] = tensors[name]!.data_offsets;
      return Array.from(new Float32Array(bytes.slice(start + b, start + e).buffer));
    };
    expect(at('0.weight')).toEqual(seq(24));
    expect(at('1.running_var')).toEqual([1, 4, 9]);
    expect(at('4.weight')).toEqual([...seq(12), ...seq(12).map((v) => -v)]);
    expect(at('4.bias')).toEqual([0.125, -0.125]);
  });
});
