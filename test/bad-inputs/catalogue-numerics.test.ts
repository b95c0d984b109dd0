// The bad-input catalogue's numerical rows (the pattern of catalogue.test.ts): model files whose
// weights are NaN or infinite, with valid checksums, as a diverged training saves them. They are
// generated here, since their values are the whole point. Each row runs `descent predict` and checks
// exit code 2, no stack trace, and a message naming the file, the tensor and the index.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { buildModel } from '../../src/nn/from-config.js';
import { saveModel } from '../../src/train/node/model-file.js';
import { tempDir } from '../reliability/configs.js';

const dir = tempDir('descent-bad-numerics-');

function capture(): IO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, env: {}, cwd: dir,
    stdout: () => out, stderr: () => err,
  };
}

const CONFIG = [{ type: 'linear', units: 3 }];

/** A 2 -> 3 classifier saved with `value` at flat index `index` of tensor `name`. */
function modelWith(file: string, name: string, index: number, value: number): string {
  const state = buildModel(CONFIG, { inputSize: 2, seed: 1 }).stateDict();
  state[name]!.data[index] = value;
  saveModel(join(dir, file), { config: CONFIG, inputSize: 2, state, extras: { loss: 'softmaxCrossEntropy', classes: 3 } });
  return file;
}

writeFileSync(join(dir, 'rows.csv'), 'a,b,label\n1,2,0\n-1,0.5,1\n3,-2,2\n');

interface Row {
  readonly mistake: string;
  readonly file: string;
  readonly says: RegExp;
}

const ROWS: readonly Row[] = [
  {
    mistake: 'a model file whose weights are NaN (training diverged)',
    file: modelWith('nan-weights.model.json', 'layers.0.weight', 4, Number.NaN),
    // layers.0.weight is (2, 3): flat index 4 is row 1, column 1.
    says: /tensors\.0\.data: tensor layers\.0\.weight holds NaN at index 4 \(coordinate \[1, 1\]\): the model's weights are not finite/,
  },
  {
    mistake: 'a model file with an infinite bias',
    file: modelWith('infinite-bias.model.json', 'layers.0.bias', 2, Number.POSITIVE_INFINITY),
    says: /tensors\.1\.data: tensor layers\.0\.bias holds Infinity at index 2: .*retrain it/,
  },
];

describe('bad-input catalogue (numerics): exit code 2 and a message naming the file and the place', () => {
  for (const row of ROWS) {
    it(`${row.mistake} (${row.file})`, async () => {
      const io = capture();
      const code = await main(['predict', row.file, 'rows.csv', '--label', 'label'], io);
      const message = io.stderr();
      expect(code, message).toBe(2);
      expect(io.stdout()).toBe('');
      expect(message).toContain(row.file);
      expect(message).toMatch(row.says);
      expect(message).not.toMatch(/\n\s+at /); // no stack trace
      expect(message.trim().split('\n').length).toBeLessThanOrEqual(3);
    });
  }

  it('the control: the same model with finite weights predicts (exit 0)', async () => {
    const file = modelWith('finite.model.json', 'layers.0.weight', 4, 0.5);
    const io = capture();
    expect(await main(['predict', file, 'rows.csv', '--label', 'label'], io), io.stderr()).toBe(0);
  });
});
