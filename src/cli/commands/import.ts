// `descent import FILE.onnx|FILE.safetensors [--model LAYERS.json] [--loss NAME] [--out MODEL.json]`:
// a thin shell over fromOnnx and fromSafetensors that writes a descent model file (atomically, and
// only once the whole model has been read and checked), which predict, train --init-from and the
// browser library load like any other.
import { resolve } from 'node:path';
import { fromSafetensors } from '../../interop/from-safetensors.js';
import { inputBudget } from '../../data/read-budget.js';
import { readRegularFile } from '../../data/node/read-data-file.js';
import { LOSS_NAMES, type LossName } from '../../losses/loss-by-name.js';
import type { JsonObject } from '../../nn/canonical-json.js';
import { readJsonFile } from '../../config/node/read-json-file.js';
import type { LoadedModel } from '../../nn/serialize.js';
import { saveModel } from '../../train/node/model-file.js';
import { parseCommandArgs, stringFlag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';

const CLASSIFIERS: readonly LossName[] = ['softmaxCrossEntropy', 'svm', 'binaryCrossEntropy'];

/** The layer list of --model: a bare list, or a training config's `model`. */
function layersOf(file: string): unknown {
  const json = readJsonFile(file);
  if (Array.isArray(json)) return json;
  if (json !== null && typeof json === 'object' && 'model' in json) return (json as { model: unknown }).model;
  throw new UsageError(`import: ${file}: expected a layer list, or a config with a "model" list`);
}

/** The extras that tell predict the task: a classifier's loss and class count, or none (regression). */
function taskExtras(loss: LossName | undefined, outputs: number): JsonObject {
  if (loss === undefined) return {};
  if (!CLASSIFIERS.includes(loss)) return { loss };
  return { loss, classes: loss === 'binaryCrossEntropy' ? 2 : outputs };
}

/** --input-shape C,H,W: an image model's sample shape, which safetensors weights alone do not hold. */
function shapeArg(text: string): number[] {
  const dims = text.split(',').map((d) => Number(d.trim()));
  if (dims.length !== 3 || !dims.every((d) => Number.isSafeInteger(d) && d >= 1 && d <= 1 << 16)) {
    throw new UsageError(`import: --input-shape '${text}': expected channels,height,width as three whole numbers, e.g. 1,28,28`);
  }
  return dims;
}

function summary(m: LoadedModel): string {
  return m.config.map((c) => (c.type === 'linear' || c.type === 'maxout' ? `${c.type} ${String(c['units'])}` : c.type === 'conv2d' ? `conv2d ${String(c['filters'])}` : c.type)).join(', ');
}

export const importCommand: Command = {
  name: 'import',
  summary: 'make a descent model file from an ONNX graph (e.g. torch.onnx.export) or safetensors weights',
  usage: 'descent import FILE.onnx|FILE.safetensors [--model LAYERS.json] [--input-shape C,H,W] [--loss NAME] [--out MODEL.json]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('import', args, {
      model: { type: 'string' },
      'input-shape': { type: 'string' },
      loss: { type: 'string' },
      out: { type: 'string' },
    }, { min: 1, max: 1, names: 'the file to import (descent import model.onnx --out model.json)' });
    const file = resolve(io.cwd, parsed.positionals[0]!);
    const format = /\.onnx$/i.test(file) ? 'onnx' : /\.safetensors$/i.test(file) ? 'safetensors' : undefined;
    if (format === undefined) throw new UsageError(`import: ${file}: expected a .onnx or .safetensors file`);
    const lossArg = stringFlag(parsed, 'loss');
    if (lossArg !== undefined && !(LOSS_NAMES as readonly string[]).includes(lossArg)) {
      throw new UsageError(`import: unknown --loss '${lossArg}' (expected one of ${LOSS_NAMES.join(', ')})`);
    }
    const modelArg = stringFlag(parsed, 'model');
    if (modelArg !== undefined && format === 'onnx') throw new UsageError('import: --model is for safetensors weights; an ONNX graph states its layers');
    const shapeText = stringFlag(parsed, 'input-shape');
    if (shapeText !== undefined && format === 'onnx') throw new UsageError('import: --input-shape is for safetensors weights; an ONNX graph states its input shape');
    const inputShape = shapeText === undefined ? undefined : shapeArg(shapeText);
    const outArg = stringFlag(parsed, 'out');
    const outFile = outArg === undefined ? file.replace(/\.(onnx|safetensors)$/i, '.json') : resolve(io.cwd, outArg);
    const bytes = new Uint8Array(readRegularFile(file, inputBudget(), ` the ${format} file`));
    let loaded: LoadedModel;
    let note = '';
    if (format === 'onnx') {
      // The protobuf definitions load only for this path (about 45 ms).
      const imported = (await import('../../interop/onnx/from-onnx.js')).fromOnnx(bytes, { file });
      loaded = imported;
      if (imported.droppedSoftmax) note = '; its final Softmax was dropped (descent models output logits, and predict takes the most likely class)';
    } else {
      loaded = fromSafetensors(bytes, modelArg === undefined ? undefined : layersOf(resolve(io.cwd, modelArg)), { file, ...(inputShape === undefined ? {} : { inputShape }) });
    }
    // A graph that ended in a Softmax was a classifier; otherwise --loss says, or it is a regression.
    const loss = (lossArg as LossName | undefined) ?? (note !== '' ? 'softmaxCrossEntropy' : undefined);
    const extras = { ...loaded.extras, ...taskExtras(loss, lastWidth(loaded)) };
    const shape = loaded.inputShape === undefined ? {} : { inputShape: loaded.inputShape };
    saveModel(outFile, { config: loaded.config, inputSize: loaded.inputSize, dtype: loaded.dtype, state: loaded.state, extras, ...shape });
    const inputs = loaded.inputShape === undefined ? `${loaded.inputSize} inputs` : `input [${loaded.inputShape.join(', ')}]`;
    io.out(`wrote ${outFile}: ${inputs}, ${summary(loaded)} (${loaded.dtype})${note}\n`);
    return EXIT.ok;
  },
};

/** The output width: the last weighted layer's units. */
function lastWidth(m: LoadedModel): number {
  for (let i = m.config.length - 1; i >= 0; i--) {
    const units = m.config[i]!['units'];
    if (typeof units === 'number') return units;
  }
  return m.inputSize;
}
