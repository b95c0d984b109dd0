// Every exported ONNX file passes the ONNX project's own checker, onnx.checker.check_model with
// full_check (schemas, types and shape inference), from Debian's python3-onnx. Without the package
// the test is skipped on a developer's machine and fails under CI=true, where .ci/run installs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toOnnx } from '../../src/interop/onnx/to-onnx.js';
import { CASES, IMAGE_CASES, imageModel, model, PREPROCESS } from './onnx-cases.js';

// Debian's interpreter: the machine's default python3 may be another one without Debian's packages.
const PYTHON = '/usr/bin/python3';
const hasOnnx = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;
const inCi = process.env['CI'] === 'true';

const CHECK = `
import sys, onnx
for path in sys.argv[1:]:
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    assert m.opset_import[0].version == 17 and m.ir_version == 8, path
    print('ok', path)
`;

describe('onnx.checker.check_model(full_check=True)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'descent-onnx-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.runIf(inCi && !hasOnnx)('is available under CI (python3-onnx, installed by .ci/run)', () => {
    expect(hasOnnx, `${PYTHON} cannot import onnx: apt-get install python3-onnx`).toBe(true);
  });

  it.runIf(hasOnnx)('passes every exported model: each layer type, image models, --probabilities, --raw-input', () => {
    const files: string[] = [];
    const write = (name: string, bytes: Uint8Array): void => {
      const file = join(dir, `${files.length}-${name.replace(/[^a-z0-9]+/gi, '-')}.onnx`);
      writeFileSync(file, bytes);
      files.push(file);
    };
    for (const [name, layers] of CASES) {
      const loaded = model(layers, 4);
      write(name, toOnnx(loaded));
      write(`${name} probabilities`, toOnnx(loaded, { probabilities: true }));
    }
    for (const [name, layers] of IMAGE_CASES) write(name, toOnnx(imageModel(layers)));
    for (const [name, preprocess] of PREPROCESS) {
      const loaded = model([{ type: 'linear', units: 5 }, 'tanh', { type: 'linear', units: 2 }], preprocess['outputDim'] as number, { loss: 'mse', preprocess, inputScale: 0.5 });
      write(`${name} raw`, toOnnx(loaded, { rawInput: true, probabilities: true }));
    }
    const run = spawnSync(PYTHON, ['-c', CHECK, ...files], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(files.length);
  });
});
