// The dashboard's first-layer pictures for a convnet: one image per filter of the first convolution,
// kh x kw, its weights averaged over the input channels (values worked out by hand below).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFirstLayer } from '../../src/dashboard/first-layer.js';
import { saveModel } from '../../src/train/node/model-file.js';
import { deserializeModel, serializeModel } from '../../src/nn/serialize.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-dash-conv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('first-layer images of a convnet', () => {
  it('are the first conv\'s 3x3 filters, averaged over channels', () => {
    // 3 filters over 2 channels, 3x3 kernels: filter f, channel c, tap k holds 100 f + 10 c + k.
    const weight = Array.from({ length: 3 * 2 * 9 }, (_, i) => 100 * Math.floor(i / 18) + 10 * (Math.floor(i / 9) % 2) + (i % 9));
    const text = serializeModel({
      config: [{ type: 'conv2d', filters: 3, kernel: 3 }, 'relu', 'flatten', { type: 'linear', units: 2 }],
      inputSize: 2 * 4 * 5, inputShape: [2, 4, 5],
      state: {
        'layers.0.weight': { shape: [3, 2, 3, 3], data: weight },
        'layers.0.bias': { shape: [3], data: [0, 0, 0] },
        'layers.3.weight': { shape: [3 * 2 * 3, 2], data: new Array<number>(36).fill(0.5) },
        'layers.3.bias': { shape: [2], data: [0, 0] },
      },
    });
    const loaded = deserializeModel(text);
    saveModel(join(dir, 'model.json'), loaded);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ data: { source: 'digits' } }));
    const w = readFirstLayer(dir)!;
    expect(w).toMatchObject({ kind: 'filters', width: 3, height: 3, parameter: 'layers.0.weight' });
    // Mean of 100 f + 0 + k and 100 f + 10 + k: 100 f + 5 + k.
    expect(w.units).toEqual([0, 1, 2].map((f) => [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => 100 * f + 5 + k)));
  });
});
