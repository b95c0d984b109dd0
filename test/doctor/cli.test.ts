// `descent doctor` and `descent gradcheck` end to end through main(), in-process.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { doctorInputFromConfig } from '../../src/cli/commands/doctor.js';
import { main } from '../../src/cli/main.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { loadTrainConfig } from '../../src/config/node/load-config-file.js';
import type { IO } from '../../src/cli/io.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function capture(cwd: string): IO & { stdout: string; stderr: string } {
  const io = {
    stdout: '', stderr: '', isTTY: false, env: {}, cwd,
    out: (t: string) => { io.stdout += t; },
    err: (t: string) => { io.stderr += t; },
  };
  return io;
}

interface Check { name: string; status: string; value: string; expected: string; hint: string }

describe('descent doctor CONFIG --json', () => {
  for (const example of ['digits.json', 'spiral.json']) {
    it(`passes examples/${example} (warnings allowed) and prints every check`, async () => {
      const io = capture(ROOT);
      const code = await main(['doctor', `examples/${example}`, '--json'], io);
      const { checks } = JSON.parse(io.stdout) as { checks: Check[] };
      expect(checks.filter((c) => c.status === 'fail'), io.stdout).toEqual([]);
      expect(code).toBe(0);
      for (const c of checks) {
        expect(Object.keys(c)).toEqual(['name', 'status', 'value', 'expected', 'hint']);
        expect(['pass', 'warn']).toContain(c.status);
      }
      const names = checks.map((c) => c.name);
      for (const name of ['data: finite values', 'initial loss', 'regularization raises the loss', 'gradient check', 'overfit a tiny subset',
        'learning-rate range', 'update-to-weight ratio', 'dead and saturated units', 'initialization symmetry', 'signal propagation', 'architecture lint']) {
        expect(names).toContain(name);
      }
    });
  }

  it('exits 1 on a failing config (learning rate 10) and writes the report with --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-doctor-'));
    const config = JSON.parse(readFileSync(join(ROOT, 'examples/digits.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'hot.json'), JSON.stringify({ ...config, optimizer: { type: 'sgd', lr: 10 } }));
    const io = capture(dir);
    const code = await main(['doctor', 'hot.json', '--out', 'report.json'], io);
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/FAIL {2}learning-rate range/);
    expect(io.stdout).toMatch(/FAIL {2}update-to-weight ratio/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { checks: Check[] };
    expect(report.checks.find((c) => c.name === 'learning-rate range')?.status).toBe('fail');
  });

  it('is a usage error (exit 2) without a config or with both a config and --run', async () => {
    expect(await main(['doctor'], capture(ROOT))).toBe(2);
    expect(await main(['doctor', 'examples/digits.json', '--run', 'x'], capture(ROOT))).toBe(2);
  });
});

describe('doctorInputFromConfig', () => {
  it('builds the model with the initial weights descent train draws', () => {
    const { config } = loadTrainConfig(join(ROOT, 'examples/digits.json'));
    const trained = buildExperiment(config).model.namedParameters();
    const doctored = doctorInputFromConfig(config).model('float32').namedParameters();
    expect(doctored.map(([n]) => n)).toEqual(trained.map(([n]) => n));
    doctored.forEach(([, p], i) => expect(Array.from(p.data)).toEqual(Array.from(trained[i]![1].data)));
    // In float64 the same draws, widened.
    const wide = doctorInputFromConfig(config).model('float64').namedParameters()[0]![1];
    expect(wide.dtype).toBe('float64');
    expect(Math.fround(wide.data[5]!)).toBe(trained[0]![1].data[5]);
  });
});

describe('descent doctor --run', () => {
  it('diagnoses a finished run from its metrics.jsonl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-doctor-run-'));
    const config = JSON.parse(readFileSync(join(ROOT, 'examples/spiral.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'spiral.json'), JSON.stringify({ ...config, epochs: 30 }));
    expect(await main(['train', 'spiral.json', '--out', 'run', '--quiet'], capture(dir))).toBe(0);
    const io = capture(dir);
    const code = await main(['doctor', '--run', 'run', '--json', '--out', 'run/doctor.json'], io);
    const { checks } = JSON.parse(io.stdout) as { checks: Check[] };
    expect(checks.map((c) => c.name)).toEqual(['run: outcome', 'run: train/validation gap', 'run: loss trend', 'run: update-to-weight ratio', 'run: dead units']);
    expect(checks[0]!.value).toBe('finished after 30 epochs');
    expect(code).toBe(checks.some((c) => c.status === 'fail') ? 1 : 0);
    expect(readFileSync(join(dir, 'run', 'doctor.json'), 'utf8')).toBe(io.stdout);
  });

  it('is a data error (exit 2) for a folder without a run log', async () => {
    const io = capture(tmpdir());
    expect(await main(['doctor', '--run', mkdtempSync(join(tmpdir(), 'descent-empty-'))], io)).toBe(2);
    expect(io.stderr).toMatch(/no run log events/);
  });
});

describe('descent gradcheck', () => {
  it('passes examples/spiral.json and prints the JSON form', async () => {
    const io = capture(ROOT);
    const code = await main(['gradcheck', 'examples/spiral.json', '--json'], io);
    const out = JSON.parse(io.stdout) as { passed: boolean; parameters: { name: string; checked: number; maxRelativeError: number; kinks: number }[] };
    expect(code).toBe(0);
    expect(out.passed).toBe(true);
    expect(out.parameters.map((p) => p.name)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias', 'regularization']);
    // 2x100 weights: 100 sampled; 100 biases; 100x3 weights: 100 sampled; 3 biases (kinks excluded).
    expect(out.parameters.slice(0, 4).map((p) => p.checked + p.kinks)).toEqual([100, 100, 100, 3]);
    for (const p of out.parameters) expect(p.maxRelativeError).toBeLessThan(1e-4);
  });

  it('prints a table with --samples and --burn-in', async () => {
    const io = capture(ROOT);
    const code = await main(['gradcheck', 'examples/digits.json', '--samples', '5', '--burn-in', '3', '--coordinates', '20'], io);
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/on 5 training examples/);
    expect(io.stdout).toMatch(/parameter\s+checked\s+max rel\. error\s+verdict\s+kinks skipped/);
    expect(io.stdout).toMatch(/layers\.3\.bias\s+10\s/);
    expect(io.stdout).toMatch(/All parameters pass/);
  });
});
