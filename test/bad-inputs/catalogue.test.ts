// The bad-input catalogue: one file in this folder per kind of mistake a user makes. Each row runs
// the CLI on it and checks exit code 2 (a user's mistake, no stack trace) and a message that names
// the file and the place (line, row, column, offset or field). docs/troubleshooting.md lists them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../reliability/configs.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixture = (name: string): string => join(here, name);

function capture(): IO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, env: {}, cwd: here,
    stdout: () => out, stderr: () => err,
  };
}

/** A training config over `source` in a temporary folder; returns its path. */
function configFor(source: object, overrides: object = {}): string {
  const file = join(tempDir('descent-bad-'), 'config.json');
  const config = {
    data: { source },
    model: [{ type: 'linear', units: 4 }, 'relu', { type: 'linear', units: 3 }],
    loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1, batchSize: 2,
    ...overrides,
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const csv = (name: string, label = 'label', overrides: object = {}) =>
  ['train', configFor({ type: 'csv', path: fixture(name), label }, overrides)];

interface Row {
  /** The mistake, as a person would describe it. */
  readonly mistake: string;
  /** The fixture the message must name. */
  readonly file: string;
  readonly argv: () => string[];
  /** The place in the file the message must name, and what it must say. */
  readonly says: RegExp;
  /** The command the row needs, when it is not `train`. */
  readonly needs?: string;
}

const ROWS: readonly Row[] = [
  { mistake: 'wrong delimiter', file: 'wrong-delimiter.csv', argv: () => csv('wrong-delimiter.csv'), says: /line 1: .*delimiter looks wrong.*set the delimiter to it/ },
  { mistake: 'label column missing', file: 'label-missing.csv', argv: () => csv('label-missing.csv'), says: /line 1: no column named "label"; the columns found are: x1, x2, y/ },
  {
    mistake: 'label values not integers for a classification loss', file: 'label-not-integer.csv',
    argv: () => csv('label-not-integer.csv'), says: /row 3: .*target 1\.5 is not a class index/,
  },
  {
    mistake: 'a class id out of range (label 2 with binaryCrossEntropy)', file: 'class-out-of-range.csv',
    argv: () => csv('class-out-of-range.csv', 'label', { loss: 'binaryCrossEntropy', model: [{ type: 'linear', units: 1 }] }),
    says: /row 3: .*target 2 is not a class index \(expected a whole number in \[0, 2\)\)/,
  },
  { mistake: 'rows with differing numbers of features', file: 'ragged-rows.csv', argv: () => csv('ragged-rows.csv'), says: /line 3 \(row 2\): 4 fields, but the header has 3/ },
  { mistake: 'a NaN cell', file: 'nan-cell.csv', argv: () => csv('nan-cell.csv'), says: /line 3 \(row 2\), column "x2": NaN/ },
  { mistake: 'an Infinity cell', file: 'infinity-cell.csv', argv: () => csv('infinity-cell.csv'), says: /line 4 \(row 3\), column "x2": Infinity \(infinite values are not allowed\)/ },
  { mistake: 'an empty file', file: 'empty.csv', argv: () => csv('empty.csv'), says: /offset 0: the file is empty/ },
  { mistake: 'a .gz that is not gzip', file: 'not-gzip.csv.gz', argv: () => csv('not-gzip.csv.gz'), says: /offset 0: named \.gz but not gzip/ },
  {
    mistake: 'IDX images and labels whose counts disagree', file: 'count-mismatch-labels.idx',
    argv: () => ['train', configFor({ type: 'idx', images: fixture('count-mismatch-images.idx'), labels: fixture('count-mismatch-labels.idx') })],
    says: /offset 4: 2 labels but 3 images/,
  },
  {
    mistake: 'a truncated IDX file', file: 'truncated.idx',
    argv: () => ['train', configFor({ type: 'idx', images: fixture('truncated.idx'), labels: fixture('count-mismatch-labels.idx') })],
    says: /offset 25: truncated: the header promises 5 x 2 x 2/,
  },
  { mistake: 'a typo in a config field name', file: 'typo-field.json', argv: () => ['train', fixture('typo-field.json')], says: /batchsize: unknown field 'batchsize' \(did you mean 'batchSize'\?\)/ },
  { mistake: 'a config that is not valid JSON', file: 'bad-json.json', argv: () => ['train', fixture('bad-json.json')], says: /not valid JSON at line 6, column 3/ },
  {
    mistake: 'a model file of a different architecture passed to predict', file: 'predict-wrong-architecture.model.json', needs: 'predict',
    argv: () => ['predict', fixture('predict-wrong-architecture.model.json'), fixture('predict-wrong-architecture.csv'), '--label', 'label'],
    says: /predict-wrong-architecture\.csv: 2 features per row, but the model .* expects 5/,
  },
  {
    mistake: 'a search space over a field the config lacks', file: 'search-missing-field.json', needs: 'search',
    argv: () => ['search', fixture('search-missing-field.json')], says: /space\.model\.7\.units: model has 3 element/,
  },
  {
    mistake: 'a truncated ONNX file', file: 'truncated.onnx', needs: 'import',
    argv: () => ['import', fixture('truncated.onnx'), '--out', join(tempDir('descent-bad-'), 'm.json')], says: /offset 0: not an ONNX model, or a damaged one .*truncated/,
  },
  {
    mistake: 'an ONNX op descent has no layer for', file: 'unsupported-op.onnx', needs: 'import',
    argv: () => ['import', fixture('unsupported-op.onnx'), '--out', join(tempDir('descent-bad-'), 'm.json')], says: /node 1 \(Sinh '.*'\): op Sinh is not supported/,
  },
  {
    mistake: 'an ONNX weight whose dims claim more than the file holds', file: 'oversized-dims.onnx', needs: 'import',
    argv: () => ['import', fixture('oversized-dims.onnx'), '--out', join(tempDir('descent-bad-'), 'm.json')], says: /initializer 0\.weight: dims \[8, 1000000000000000\] need 8000000000000000 values, but the tensor carries 192 bytes/,
  },
];

async function registered(): Promise<Set<string>> {
  const io = capture();
  await main(['help'], io);
  return new Set([...io.stdout().matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!));
}

const commands = await registered();

describe('bad-input catalogue: exit code 2 and a message naming the file and the place', () => {
  for (const row of ROWS) {
    const missing = row.needs !== undefined && !commands.has(row.needs);
    const title = missing ? `${row.mistake} (${row.file}) — blocked: \`descent ${row.needs}\` is not registered` : `${row.mistake} (${row.file})`;
    it.skipIf(missing)(title, async () => {
      const io = capture();
      const code = await main(row.argv(), io);
      const message = io.stderr();
      expect(code, message).toBe(2);
      expect(message).toContain(row.file);
      expect(message).toMatch(row.says);
      expect(message).not.toMatch(/\n\s+at /); // no stack trace
      expect(message.trim().split('\n').length).toBeLessThanOrEqual(3);
    });
  }
});
