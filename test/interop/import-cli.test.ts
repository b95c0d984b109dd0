// `descent import` and `descent train --init-from`: a model PyTorch exported becomes a descent model
// file that predicts PyTorch's classes and starts a training run with PyTorch's weights; every
// mistake is one line with exit 2 and no file written.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { noGrad } from '../../src/context.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { trainFromConfig } from '../../src/config/node/train-run.js';
import { toSafetensors } from '../../src/interop/to-safetensors.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { loadModel } from '../../src/train/node/model-file.js';
import { captureIO, tempDir } from '../e2e/helpers.js';

const { onnx } = onnxProto;
const dir = tempDir('import');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURES = join(import.meta.dirname, 'fixtures');
for (const name of ['torch-mlp', 'torch-image-mlp']) copyFileSync(join(FIXTURES, `${name}.onnx`), join(dir, `${name}.onnx`));
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { inputs: number[][]; outputs: number[][] };

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO(dir);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

const argmax = (row: readonly number[]): number => row.indexOf(Math.max(...row));

/** The fixture's inputs as a CSV with a header and a label column of PyTorch's classes (or their `names`). */
function labelledCsv(name: string, names?: readonly string[]): string {
  const { inputs, outputs } = fixture(name);
  const label = (i: number) => (names === undefined ? argmax(outputs[i]!) : names[argmax(outputs[i]!)]!);
  const header = [...inputs[0]!.map((_, j) => `x${j}`), 'label'].join(',');
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, [header, ...inputs.map((r, i) => [...r, label(i)].join(','))].join('\n') + '\n');
  return file;
}

/** The MLP fixture as training data: PyTorch's classes by name, all three declared (the rows hold fewer). */
const CLASSES = { type: 'csv', path: labelledCsv('torch-mlp', ['a', 'b', 'c']), label: 'label', classes: ['a', 'b', 'c'] };

describe('descent import', () => {
  it('an ONNX classifier from PyTorch predicts PyTorch\'s classes (its final Softmax dropped)', async () => {
    const r = await run('import', 'torch-image-mlp.onnx');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`wrote ${join(dir, 'torch-image-mlp.json')}: 12 inputs, linear 9, relu, linear 4 (float32); its final Softmax was dropped (descent models output logits, and predict takes the most likely class)\n`);
    const p = await run('predict', 'torch-image-mlp.json', labelledCsv('torch-image-mlp'), '--label', 'label', '--json');
    expect(p.code).toBe(0);
    const json = JSON.parse(p.out) as { predictions: number[]; accuracy: number };
    expect(json.predictions).toEqual(fixture('torch-image-mlp').outputs.map(argmax));
    expect(json.accuracy).toBe(1);
  });

  it('--loss makes a graph without a Softmax a classifier; without it, a regression giving the raw outputs', async () => {
    expect((await run('import', 'torch-mlp.onnx', '--out', 'reg.json')).code).toBe(0);
    expect(loadModel(join(dir, 'reg.json')).extras).toEqual({});
    expect((await run('import', 'torch-mlp.onnx', '--loss', 'softmaxCrossEntropy', '--out', 'cls.json')).code).toBe(0);
    expect(loadModel(join(dir, 'cls.json')).extras).toEqual({ loss: 'softmaxCrossEntropy', classes: 3 });
  });

  it('safetensors weights with a layer list (--model) give the same model file', async () => {
    const onnxModel = loadModel(join(dir, 'cls.json'));
    writeFileSync(join(dir, 'w.safetensors'), toSafetensors({ ...onnxModel, extras: {} }));
    writeFileSync(join(dir, 'layers.json'), JSON.stringify(onnxModel.config));
    // The file's own metadata holds the layers too; --model replaces them.
    const r = await run('import', 'w.safetensors', '--model', 'layers.json', '--loss', 'softmaxCrossEntropy', '--out', 'st.json');
    expect(r.code).toBe(0);
    const back = loadModel(join(dir, 'st.json'));
    expect(back.config).toEqual(onnxModel.config);
    for (const [k, t] of Object.entries(onnxModel.state)) expect(Array.from(back.state[k]!.data)).toEqual(Array.from(t.data));
  });

  it('PyTorch\'s own convnet state_dict (safetensors) with its layers and --input-shape reproduces PyTorch\'s outputs', async () => {
    copyFileSync(join(FIXTURES, 'torch-convnet.safetensors'), join(dir, 'torch-convnet.safetensors'));
    // tools/make-torch-fixtures.py's convnet, module by module, in descent's config form.
    const layers = [
      { type: 'conv2d', filters: 4, kernel: 3, padding: 1 }, { type: 'batchNorm', eps: 1e-5 }, 'relu', { type: 'maxPool2d', size: 2 },
      { type: 'conv2d', filters: 6, kernel: 2, dilation: 2, padding: 1 }, 'tanh', { type: 'avgPool2d', size: 2, stride: 1 },
      'flatten', { type: 'linear', units: 3 },
    ];
    writeFileSync(join(dir, 'convnet-layers.json'), JSON.stringify(layers));
    const r = await run('import', 'torch-convnet.safetensors', '--model', 'convnet-layers.json', '--input-shape', '1,8,8', '--out', 'convnet.json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('input [1, 8, 8], conv2d 4, batchNorm, relu, maxPool2d, conv2d 6, tanh, avgPool2d, flatten, linear 3 (float32)');
    const m = loadModel(join(dir, 'convnet.json'));
    expect(m.inputShape).toEqual([1, 8, 8]);
    const { inputs, outputs } = fixture('torch-convnet');
    const y = Array.from(noGrad(() => m.model.forward(new Tensor(Float32Array.from(inputs.flat()), [inputs.length, 64]))).data);
    const expected = outputs.flat();
    expect(y.length).toBe(expected.length);
    expect(Math.max(...y.map((v, i) => Math.abs(v - expected[i]!) / Math.max(1, Math.abs(expected[i]!))))).toBeLessThanOrEqual(1e-5);

    // Without the input shape: the weights fit any height and width, so the message asks for it.
    const bare = await run('import', 'torch-convnet.safetensors', '--model', 'convnet-layers.json', '--out', 'bare.json');
    expect(bare.code).toBe(2);
    expect(bare.err).toMatch(/torch-convnet\.safetensors.*image layers \(conv2d, maxPool2d, conv2d, avgPool2d\).*--input-shape C,H,W/);
    expect(existsSync(join(dir, 'bare.json'))).toBe(false);
    const bad = await run('import', 'torch-convnet.safetensors', '--model', 'convnet-layers.json', '--input-shape', '1,8');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--input-shape '1,8': expected channels,height,width");
  });

  it('train --init-from starts from the imported weights: the model before the first step is PyTorch\'s', async () => {
    const imported = loadModel(join(dir, 'cls.json'));
    const { inputs, outputs } = fixture('torch-mlp');
    const config = parseTrainConfig({
      seed: 1, data: { source: CLASSES }, model: imported.config, loss: 'softmaxCrossEntropy',
      optimizer: { type: 'sgd', lr: 0.01 }, epochs: 1, batchSize: 5,
    }, join(dir, 'config.json'));
    let before: number[] = [];
    await trainFromConfig(config, {
      outDir: join(dir, 'run'), checkpointEvery: 0, initFrom: join(dir, 'cls.json'),
      callbacks: {
        onStart: (exp) => {
          exp.model.eval();
          before = Array.from(noGrad(() => exp.model.forward(new Tensor(Float32Array.from(inputs.flat()), [5, 6]))).data);
          exp.model.train();
        },
      },
    });
    const expected = outputs.flat();
    expect(Math.max(...before.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThanOrEqual(1e-5);
  });

  it('train --init-from with other layers than the model file is one line, exit 2, naming the layer', async () => {
    const imported = loadModel(join(dir, 'cls.json'));
    const layers = imported.config.map((c, i) => (i === 3 ? { ...c, units: 6 } : c));
    writeFileSync(join(dir, 'other.json'), JSON.stringify({
      data: { source: CLASSES }, model: layers, loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.01 }, epochs: 1,
    }));
    const r = await run('train', 'other.json', '--init-from', 'cls.json', '--quiet');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('model.3: linear (units 6, bias true) in the config, but linear (units 7, bias true) in');
    expect(r.err).not.toContain('    at ');
  });

  it.each([
    [['import', 'torch-mlp.txt'], 'expected a .onnx or .safetensors file'],
    [['import', 'torch-mlp.onnx', '--model', 'layers.json'], '--model is for safetensors weights'],
    [['import', 'torch-mlp.onnx', '--loss', 'hinge'], "unknown --loss 'hinge'"],
    [['import', 'missing.onnx'], 'missing.onnx'],
  ])('exits 2 on a usage mistake: %j', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toContain('    at ');
  });

  it('a truncated ONNX file and an unsupported op: one line naming the file, exit 2, nothing written', async () => {
    const bytes = readFileSync(join(dir, 'torch-mlp.onnx'));
    writeFileSync(join(dir, 'cut.onnx'), bytes.subarray(0, 1000));
    const cut = await run('import', 'cut.onnx');
    expect(cut.code).toBe(2);
    expect(cut.err.trim().split('\n')).toHaveLength(1);
    expect(cut.err).toContain(`${join(dir, 'cut.onnx')}, offset 0: not an ONNX model, or a damaged one`);
    expect(existsSync(join(dir, 'cut.json'))).toBe(false);
    // The Relu node turned into a Sinh, which is no layer of descent's.
    const m = onnx.ModelProto.decode(bytes);
    m.graph!.node![1]!.opType = 'Sinh';
    writeFileSync(join(dir, 'sinh.onnx'), onnx.ModelProto.encode(m).finish());
    const sinh = await run('import', 'sinh.onnx');
    expect(sinh.code).toBe(2);
    expect(sinh.err).toMatch(/node 1 \(Sinh '.*'\): op Sinh is not supported; descent imports Gemm/);
    expect(existsSync(join(dir, 'sinh.json'))).toBe(false);
  });
});
