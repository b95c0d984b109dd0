// `descent export MODEL.json --format onnx|safetensors [--out FILE] [--probabilities] [--raw-input]`:
// a thin shell over toOnnx and toSafetensors. The file is written atomically (a reader sees the old
// file or the whole new one).
import { resolve } from 'node:path';
import { toSafetensors } from '../../interop/to-safetensors.js';
import { atomicWriteFile } from '../../train/node/atomic-write.js';
import { loadModel } from '../../train/node/model-file.js';
import { boolFlag, parseCommandArgs, stringFlag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';

const FORMATS = ['onnx', 'safetensors'] as const;

/** MODEL.json -> MODEL.onnx or MODEL.safetensors, next to the model file. */
const defaultOut = (model: string, format: string): string => `${model.replace(/\.json$/i, '')}.${format}`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a trained model (model.json) as ONNX (for onnxruntime) or safetensors (PyTorch nn.Sequential layout)',
  usage: 'descent export MODEL.json --format onnx|safetensors [--out FILE] [--probabilities] [--raw-input]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('export', args, {
      format: { type: 'string' },
      out: { type: 'string' },
      probabilities: { type: 'boolean' },
      'raw-input': { type: 'boolean' },
    }, { min: 1, max: 1, names: 'the model file (descent export MODEL.json --format onnx)' });
    const format = stringFlag(parsed, 'format');
    if (format === undefined) throw new UsageError(`export: missing --format (one of ${FORMATS.join(', ')})`);
    if (format !== 'onnx' && format !== 'safetensors') {
      throw new UsageError(`export: unknown --format '${format}' (expected one of ${FORMATS.join(', ')})`);
    }
    const probabilities = boolFlag(parsed, 'probabilities');
    const rawInput = boolFlag(parsed, 'raw-input');
    if (format === 'safetensors' && (probabilities || rawInput)) {
      throw new UsageError('export: --probabilities and --raw-input shape an ONNX graph; a safetensors file holds weights only');
    }
    const modelFile = resolve(io.cwd, parsed.positionals[0]!);
    const outArg = stringFlag(parsed, 'out');
    const outFile = outArg === undefined ? defaultOut(modelFile, format) : resolve(io.cwd, outArg);
    if (outFile === modelFile) throw new UsageError('export: --out names the model file itself; choose another file');
    const loaded = loadModel(modelFile);
    // The ONNX writer loads protobuf definitions (about 45 ms); only this path pays for them.
    const bytes = format === 'onnx'
      ? (await import('../../interop/onnx/to-onnx.js')).toOnnx(loaded, { probabilities, rawInput })
      : toSafetensors(loaded);
    atomicWriteFile(outFile, bytes);
    io.out(`wrote ${outFile} (${bytes.length} bytes)\n`);
    return EXIT.ok;
  },
};
