// `descent gradcheck` at the command level on a model with a deliberately wrong gradient. No
// config can name a buggy layer, so this file mocks the config's model builder: every model built
// from a config gets a first layer y = x * w whose backward for w is off by a factor of 2
// (bad-backward.ts). The command must print FAIL for that tensor and exit 1; `descent doctor` must
// fail its gradient check. The control factor 1 passes, so the mock itself is sound.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { Sequential } from '../../src/nn/layers/sequential.js';
import { ScaleWithBackward } from './bad-backward.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const state = vi.hoisted(() => ({ factor: 2 }));

vi.mock('../../src/nn/from-config.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/nn/from-config.js')>();
  return {
    ...real,
    buildModel: (...args: Parameters<typeof real.buildModel>) => {
      const model = real.buildModel(...args);
      const { inputSize, dtype } = args[1] ?? {};
      if (inputSize === undefined) throw new Error('gradcheck builds its model with the data\'s inputSize');
      return new Sequential([new ScaleWithBackward(inputSize, dtype ?? 'float32', state.factor), ...model.layers]);
    },
  };
});

function capture(): IO & { stdout: string; stderr: string } {
  const io = {
    stdout: '', stderr: '', isTTY: false, env: {}, cwd: ROOT,
    out: (t: string) => { io.stdout += t; },
    err: (t: string) => { io.stderr += t; },
  };
  return io;
}

afterEach(() => { state.factor = 2; });

describe('descent gradcheck with a wrong backward', () => {
  it('prints FAIL for the wrong tensor and exits 1', async () => {
    const io = capture();
    const code = await main(['gradcheck', 'examples/spiral.json', '--coordinates', '10'], io);
    expect(io.stdout).toMatch(/layers\.0\.weight\s+\d+\s+\S+\s+FAIL \(wrong/);
    expect(io.stdout).toMatch(/Some parameters FAIL/);
    expect(code).toBe(1);
  });

  it('passes with the correct backward (factor 1): the failure is the bug, not the mock', async () => {
    state.factor = 1;
    const io = capture();
    const code = await main(['gradcheck', 'examples/spiral.json', '--coordinates', '10', '--json'], io);
    const out = JSON.parse(io.stdout) as { passed: boolean; parameters: { name: string }[] };
    expect(out.parameters[0]!.name).toBe('layers.0.weight');
    expect(out.passed).toBe(true);
    expect(code).toBe(0);
  });

  it('makes descent doctor fail its gradient check and exit 1', async () => {
    const io = capture();
    const code = await main(['doctor', 'examples/spiral.json', '--json'], io);
    const { checks } = JSON.parse(io.stdout) as { checks: { name: string; status: string; hint: string }[] };
    const gradient = checks.find((c) => c.name === 'gradient check')!;
    expect(gradient.status).toBe('fail');
    expect(gradient.hint).toMatch(/disagree for layers\.0\.weight/);
    expect(code).toBe(1);
  });
});
