// Issue 7: "K trials at once in separate worker processes ..., each trial single-threaded". The
// workers train on the backend the CLI picked (native when the addon loads) with 1 thread, whatever
// --parallel is and however many threads the native backend has: --parallel 1 on a many-core
// machine must not hand its one worker every core.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { loadNativeBackend } from '../../src/backend/native/index.js';
import { workerBackend } from '../../src/cli/commands/search.js';
import { main } from '../../src/cli/main.js';
import { captureIO, ROOT, tempDir, writeJson } from './helpers.js';

describe('the search workers backend', () => {
  it('is native with 1 thread when the CLI runs on a native backend with many threads', () => {
    for (const threads of [1, 2, 8, 64]) {
      const native = { info: { simd: 'avx2', threads, supported: ['avx2'] } } as unknown as Backend;
      expect(workerBackend(native)).toEqual({ kind: 'native', threads: 1 });
    }
  });

  it('is the JavaScript backend (1 thread) when the CLI runs on it', () => {
    expect(workerBackend({} as Backend)).toEqual({ kind: 'cpu', threads: 1 });
  });

  it('writes 1 thread into the workers objective module under --parallel 1', async () => {
    const dir = tempDir('search-threads');
    writeJson(dir, 'base.json', {
      seed: 1,
      data: { source: 'digits', validation: 0.2 },
      model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 10 }],
      loss: 'softmaxCrossEntropy',
      optimizer: { type: 'sgd', lr: 0.1 },
      epochs: 1,
    });
    const spec = writeJson(dir, 'spec.json', {
      base: 'base.json',
      space: { 'optimizer.lr': { logUniform: [0.01, 0.5] } },
      method: 'random',
      objective: 'valAccuracy',
      trials: 1,
    });
    const io = captureIO(ROOT);
    const code = await main(['search', spec, '--parallel', '1', '--out', join(dir, 'out'), '--json'], io);
    expect(code, io.stderr).toBe(0);
    const module = readFileSync(join(dir, 'out', 'objective.mjs'), 'utf8');
    const kind = loadNativeBackend() === null ? 'cpu' : 'native';
    expect(module).toContain(`"backend":${JSON.stringify({ kind, threads: 1 })}`);
  }, 60_000);
});
