// Issue 7: "K trials at once in separate worker processes ..., each trial single-threaded". The
// workers train on the backend the CLI picked (native when the addon loads) with 1 thread, whatever
// --parallel is and however many threads the native backend has: --parallel 1 on a many-core
// machine must not hand its one worker every core.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { loadNativeBackend } from '../../src/backend/native/index.js';
import { workerBackend } from '../../src/cli/commands/search.js';
import { main } from '../../src/cli/main.js';
import { trainObjective } from '../../src/config/node/search-objective.js';
import { defaultBackend, setDefaultBackend } from '../../src/context.js';
import { captureIO, objectiveModule, ROOT, tempDir, writeJson } from './helpers.js';

describe('the search workers backend', () => {
  it('is native when the CLI runs on a native backend, whatever its thread count', () => {
    for (const threads of [1, 2, 8, 64]) {
      const native = { info: { simd: 'avx2', threads, supported: ['avx2'] } } as unknown as Backend;
      expect(workerBackend(native)).toBe('native');
    }
  });

  it('is the TypeScript backend when the CLI runs on it', () => {
    expect(workerBackend(cpuBackend)).toBe('cpu');
  });

  it.skipIf(loadNativeBackend() === null)('a worker bound to native trains on one native thread', () => {
    const previous = defaultBackend();
    try {
      trainObjective({ baseFile: join(ROOT, 'examples', 'digits.json'), base: {}, metric: 'valAccuracy', backend: 'native' });
      const chosen = defaultBackend() as Backend & { info?: { threads: number } };
      expect(chosen.info?.threads).toBe(1);
    } finally {
      setDefaultBackend(previous);
    }
  });

  it('binds the workers objective module to that backend under --parallel 1', async () => {
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
    const module = readFileSync(objectiveModule(join(dir, 'out')), 'utf8');
    const kind = loadNativeBackend() === null ? 'cpu' : 'native';
    expect(module).toContain(`"backend":"${kind}"`);
  }, 60_000);
});
