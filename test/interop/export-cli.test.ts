// `descent export`: the file it writes reads back to the saved weights, and each mistake is one line
// on stderr with exit 2 and no file written.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fromSafetensors } from '../../src/interop/from-safetensors.js';
import { saveModel } from '../../src/train/node/model-file.js';
import { captureIO, tempDir } from '../e2e/helpers.js';

const dir = tempDir('export');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const modelFile = join(dir, 'model.json');
saveModel(modelFile, {
  config: [{ type: 'linear', units: 2 }, 'tanh', { type: 'linear', units: 1 }],
  inputSize: 2,
  state: {
    'layers.0.weight': { shape: [2, 2], data: [1, 2, 3, 4] },
    'layers.0.bias': { shape: [2], data: [0.5, -0.5] },
    'layers.2.weight': { shape: [2, 1], data: [-1, 1] },
    'layers.2.bias': { shape: [1], data: [2] },
  },
  extras: { classes: 1 },
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO(dir);
  const code = await main(['export', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('descent export', () => {
  it('writes MODEL.safetensors next to the model, which reads back to the saved weights', async () => {
    const r = await run('model.json', '--format', 'safetensors');
    expect(r.code).toBe(0);
    const out = join(dir, 'model.safetensors');
    expect(r.out).toBe(`wrote ${out} (${readFileSync(out).length} bytes)\n`);
    const back = fromSafetensors(new Uint8Array(readFileSync(out)));
    expect(Array.from(back.state['layers.0.weight']!.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(back.state['layers.2.weight']!.data)).toEqual([-1, 1]);
    expect(back.extras).toEqual({ classes: 1 });
    // The temp file was renamed over the target: nothing else is left in the folder.
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'model.safetensors']);
  });

  it('writes where --out says', async () => {
    expect((await run('model.json', '--format', 'safetensors', '--out', 'sub/w.safetensors')).code).toBe(0);
    expect(existsSync(join(dir, 'sub', 'w.safetensors'))).toBe(true);
  });

  it('--format onnx writes MODEL.onnx that onnxruntime runs, with --probabilities and --raw-input', async () => {
    const r = await run('model.json', '--format', 'onnx', '--probabilities', '--raw-input', '--out', 'p.onnx');
    expect(r.code).toBe(0);
    const session = await ort.InferenceSession.create(join(dir, 'p.onnx'));
    expect(session.outputNames).toEqual(['probabilities']);
    // x = [0, 0]: h = tanh([0.5, -0.5]); y = -tanh(0.5) + tanh(-0.5) + 2 = 2 - 2 tanh(0.5); one output: softmax is 1.
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(2), [1, 2]) });
    expect(Array.from(out['probabilities']!.data as Float32Array)).toEqual([1]);
    expect((await run('model.json', '--format', 'onnx')).code).toBe(0);
    const logits = await (await ort.InferenceSession.create(join(dir, 'model.onnx'))).run({ input: new ort.Tensor('float32', new Float32Array(2), [1, 2]) });
    expect((logits['logits']!.data as Float32Array)[0]).toBeCloseTo(2 - 2 * Math.tanh(0.5), 6);
  });

  it.each([
    [['model.json'], 'missing --format'],
    [['model.json', '--format', 'pickle'], "unknown --format 'pickle'"],
    [['model.json', '--format', 'safetensors', '--raw-input'], 'a safetensors file holds weights only'],
    [['model.json', '--format', 'safetensors', '--out', 'model.json'], '--out names the model file itself'],
  ])('exits 2 on a usage mistake: %j', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toContain('    at ');
  });

  it('exits 2 with one line naming the file for a damaged model file, writing nothing', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, readFileSync(modelFile, 'utf8').replace('"inputSize": 2', '"inputSize": 3'));
    const r = await run('bad.json', '--format', 'safetensors');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(bad);
    expect(existsSync(join(dir, 'bad.safetensors'))).toBe(false);
  });
});
