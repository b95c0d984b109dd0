// `descent export MODEL.json --format safetensors [--out FILE]`: a thin shell over toSafetensors. The
// file is written atomically (a reader sees the old file or the whole new one).
import { resolve } from 'node:path';
import { toSafetensors } from '../../interop/to-safetensors.js';
import { atomicWriteFile } from '../../train/node/atomic-write.js';
import { loadModel } from '../../train/node/model-file.js';
import { parseCommandArgs, stringFlag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';

const FORMATS = ['safetensors'] as const;

/** MODEL.json -> MODEL.safetensors, next to the model file. */
const defaultOut = (model: string): string => `${model.replace(/\.json$/i, '')}.safetensors`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a trained model (model.json) as a safetensors file in PyTorch nn.Sequential layout',
  usage: 'descent export MODEL.json --format safetensors [--out FILE]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('export', args, {
      format: { type: 'string' },
      out: { type: 'string' },
    }, { min: 1, max: 1, names: 'the model file (descent export MODEL.json --format safetensors)' });
    const format = stringFlag(parsed, 'format');
    if (format === undefined) throw new UsageError(`export: missing --format (one of ${FORMATS.join(', ')})`);
    if (format === 'onnx') throw new UsageError('export: --format onnx is not available yet; this version exports safetensors');
    if (format !== 'safetensors') throw new UsageError(`export: unknown --format '${format}' (expected one of ${FORMATS.join(', ')})`);
    const modelFile = resolve(io.cwd, parsed.positionals[0]!);
    const outArg = stringFlag(parsed, 'out');
    const outFile = outArg === undefined ? defaultOut(modelFile) : resolve(io.cwd, outArg);
    if (outFile === modelFile) throw new UsageError('export: --out names the model file itself; choose another file');
    const bytes = toSafetensors(loadModel(modelFile));
    atomicWriteFile(outFile, bytes);
    io.out(`wrote ${outFile} (${bytes.length} bytes)\n`);
    return EXIT.ok;
  },
};
